"""What the quizzes feature announces. Receivers get `session`, `now` and `settings` as keywords and
work inside the same transaction; see elearn/subscriptions.py for who listens."""

from blinker import Namespace

_signals = Namespace()

# Sender: an Attempt whose grade was just given or changed (at submission, or by a mentor's review).
attempt_graded = _signals.signal("attempt-graded")
