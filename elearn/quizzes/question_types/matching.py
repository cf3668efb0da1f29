"""Left items each matched to a right item from one shared list; partial credit per right match."""

import re

from markupsafe import Markup

from elearn.quizzes.question_types.base import InvalidAnswer, QuestionType, opaque_id, trailing_answer_lines

PAIR_RE = re.compile(r"^- (.+?) -> (.+)$")


class Matching(QuestionType):
    name = "matching"
    always_shuffled = True  # in file order the right-hand items would line up with their answers

    def parse(self, key, body, settings, problem):
        prompt, answer_lines = trailing_answer_lines(body, PAIR_RE)
        pairs, rights = [], {}
        for line in answer_lines:
            if match := PAIR_RE.match(line.text):
                left, right = match.group(1).strip(), match.group(2).strip()
                right_id = rights.setdefault(right, opaque_id(key, "right", right))
                pairs.append({"id": opaque_id(key, "left", left), "left": left, "right_id": right_id})
            elif line.text.strip():
                problem(line.number, "expected a pair '- left item -> right item'")
        if len(pairs) < 2:
            problem(body[-1].number if body else 0, "a matching question needs at least two pairs '- a -> b'")
        if len({p["left"] for p in pairs}) < len(pairs):
            problem(answer_lines[0].number, "two pairs have the same left item")
        return prompt, {"pairs": pairs, "rights": [{"id": i, "text": t} for t, i in rights.items()]}

    def render_texts(self, data, inline):
        for pair in data["pairs"]:
            pair["left_html"] = inline(pair["left"])
        for right in data["rights"]:
            right["html"] = inline(right["text"])

    def option_ids(self, data):
        return [r["id"] for r in data["rights"]]

    def shown(self, data, order):
        by_id = {r["id"]: r for r in data["rights"]}
        return ([{"id": i, "html": by_id[i]["html"]} for i in order],
                [{"id": p["id"], "html": p["left_html"]} for p in data["pairs"]])

    def is_blank(self, values):
        return not any(value.partition(":")[2].strip() for value in values)

    def read_response(self, data, values):
        """Values come as 'left_id:right_id' (empty right = not matched yet)."""
        lefts, rights = {p["id"] for p in data["pairs"]}, {r["id"] for r in data["rights"]}
        matches = {}
        for value in values:
            left, _, right = value.partition(":")
            if left not in lefts or (right and right not in rights):
                raise InvalidAnswer("unknown item")
            if right:
                matches[left] = right
        return {"matches": matches}

    def grade(self, data, response):
        matches = (response or {}).get("matches", {})
        right = sum(matches.get(p["id"]) == p["right_id"] for p in data["pairs"])
        return right / len(data["pairs"])

    def _pairs_html(self, data, chosen: dict) -> Markup:
        rights = {r["id"]: r["html"] for r in data["rights"]}
        return Markup("; ").join(
            Markup("{} → {}").format(Markup(p["left_html"]), Markup(rights.get(chosen.get(p["id"]), "—")))
            for p in data["pairs"]
        )

    def answer_html(self, data, response):
        return self._pairs_html(data, (response or {}).get("matches", {}))

    def key_html(self, data):
        return self._pairs_html(data, {p["id"]: p["right_id"] for p in data["pairs"]})

    def right_values(self, data):
        return [f"{p['id']}:{p['right_id']}" for p in data["pairs"]]

    def sample_values(self, data, right, rng):
        """A learner who does not know gives each left item the next one's match."""
        if right:
            return self.right_values(data)
        rights = [pair["right_id"] for pair in data["pairs"]]
        return [f"{pair['id']}:{right_id}" for pair, right_id in zip(data["pairs"], rights[1:] + rights[:1],
                                                                     strict=True)]

    def gift_content(self, data):
        rights = {right["id"]: right["text"] for right in data["rights"]}
        return [(pair["left"], rights[pair["right_id"]]) for pair in data["pairs"]]

    def quiz_lines(self, content):
        return [], [f"- {left} -> {right}" for left, right in content]
