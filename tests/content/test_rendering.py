"""The one sanitizer: author Markdown can format text but never run code."""

import pytest

from elearn.core.rendering import render_markdown, sanitize_html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[klik](javascript:alert(1))", "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<iframe src="https://example.org"></iframe>', "<iframe"),
        ('<p style="position:fixed">x</p>', "style="),
        ("![x](data:image/svg+xml;base64,PHN2Zz4=)", "data:"),
        ('<form action="/logout"><button>x</button></form>', "<form"),
        ('<div onclick="steal()">x</div>', "onclick"),
    ],
)
def test_markdown_cannot_carry_active_content(source, forbidden):
    assert forbidden.lower() not in render_markdown(source).lower()


def test_markdown_features_authors_use_survive():
    html = render_markdown(
        "## Judul\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```\nkode\n```\n\n"
        '!!! tip "Kiat"\n    Isi kiat.\n\n[situs](https://lapor.go.id)\n'
    )
    assert '<h2 id="judul">Judul</h2>' in html
    assert '<td align="right">2</td>' in html
    assert '<div aria-label="Tabel 1" class="table-scroll" role="region" tabindex="0"><table>' in html
    assert "<pre><code>kode" in html
    assert '<div class="admonition tip">' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_unknown_classes_are_dropped():
    assert sanitize_html('<div class="admonition evil">x</div>') == '<div class="admonition">x</div>'


def test_relative_images_are_rewritten_to_served_urls():
    html = render_markdown("![Alur](images/alur.png)", {"images/alur.png": "/media/abc.png"})
    assert 'src="/media/abc.png"' in html
    assert 'alt="Alur"' in html


def test_authors_cannot_forge_focus_or_roles_on_their_own_markup():
    html = sanitize_html('<div tabindex="5" role="dialog" aria-label="x" class="table-scroll">y</div>')
    assert html == '<div aria-label="x" class="table-scroll">y</div>'
