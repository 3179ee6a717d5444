"""Dossiers: grouping, citations, escaping (checked by rendering the Markdown with a real parser), a safe HTML page."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from index.export.dossier_content import DossierOptions
from index.export.dossier_html import write_html_dossier
from index.export.dossier_markdown import escape_inline, write_markdown_dossier
from tests.fixtures_export import ARABIC, HEBREW, HOSTILE, JOINT_STATEMENT, SAMPLES, SPEECH, TREATY, many_records

NO_CITATIONS = DossierOptions(style="")


def markdown(records, options=NO_CITATIONS):
    stream = io.StringIO()
    result = write_markdown_dossier(records, stream, options=options)
    return stream.getvalue(), result


def page(records, options=NO_CITATIONS):
    stream = io.StringIO()
    write_html_dossier(records, stream, options=options)
    return stream.getvalue()


def test_statements_appear_under_each_of_their_collections_and_the_rest_last():
    text, result = markdown([TREATY, SPEECH, JOINT_STATEMENT])
    assert result.written == 3
    headings = [line for line in text.splitlines() if line.startswith(("## ", "### "))]
    assert headings == ["## Central Asia", f"### {TREATY.title}", f"### {SPEECH.title}", "## Speeches",
                        f"### {SPEECH.title}", "## Not in a collection", f"### {JOINT_STATEMENT.title}"]
    assert text.startswith("# Dossier\n\n3 statements, grouped by collection.")


def test_grouping_by_tag_puts_a_parent_tag_before_its_children():
    text, _ = markdown([TREATY, SPEECH], DossierOptions(group_by="tag", style=""))
    groups = [line for line in text.splitlines() if line.startswith("## ")]
    assert groups == ["## turkic", "## turkic/treaties", "## un"]
    with pytest.raises(ValueError, match="collection or by tag"):
        markdown([TREATY], DossierOptions(group_by="country", style=""))


def test_each_statement_carries_its_citation_note_and_passages():
    text, _ = markdown([TREATY], DossierOptions(title="Türkiye and Kazakhstan", created="13 October 2025"))
    assert text.startswith("# Türkiye and Kazakhstan\n\n1 statement, grouped by collection; 13 October 2025.")
    assert "Ministry of Foreign Affairs of the Republic of Türkiye, October 13, 2022. https://" in text
    assert "**Note**\n\nSigned in Astana.\\\nRatified 2023." in text
    assert "> eternal friendship\n\nThe key phrase." in text
    assert "- **Tags:** turkic, turkic/treaties" in text


def test_user_text_renders_as_text_in_a_real_markdown_parser():
    text, _ = markdown([HOSTILE])
    rendered = MarkdownIt("commonmark").render(text)
    assert "<script>" not in rendered and "<a " not in rendered
    assert rendered.count("<h1>") == 1 and "<h2>" in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "=HYPERLINK(&quot;http://evil&quot;)" in rendered
    assert "*star*" in rendered and "[x](y)" in rendered
    assert ARABIC in rendered and HEBREW in rendered
    assert "<br />\nER  -<br />" in rendered  # the note's line breaks are hard breaks


@pytest.mark.parametrize("line", ["# not a heading", "- not a list", "1. not a list", "> not a quote",
                                  "    not code", "=== not setext", "+ no", "<b>no</b>", "a | b", "~~no~~"])
def test_escaped_lines_render_as_plain_paragraphs(line):
    rendered = MarkdownIt("commonmark").render(escape_inline(line))
    assert rendered.startswith("<p>") and rendered.count("<") == 2


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.links, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        self.text.append(data)


def test_the_html_dossier_is_self_contained_and_runs_nothing():
    html = page(SAMPLES)
    parser = _Collector()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "form", "base"}
    assert not any(key.startswith("on") for _, attrs in parser.tags for key in attrs)
    assert set(parser.links) == {"https://www.mfa.gov.tr/treaty", "https://www.un.org/sg/speech"}
    [csp] = [a for tag, a in parser.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp["content"]
    assert "javascript:alert(1)" in "".join(parser.text)  # shown, not linked
    assert "<script>alert(1)</script>" in "".join(parser.text)  # the note's text, escaped in the page


def test_right_to_left_text_is_marked_for_the_browser():
    html = page([HOSTILE])
    assert f'<h3 dir="auto">ER  - hostile &quot;Title&quot;\twith {ARABIC}</h3>' in html
    assert '<p dir="auto">' in html


def test_a_large_dossier_without_citations_holds_offsets_not_records(tmp_path):
    path = tmp_path / "big.md"
    result = write_markdown_dossier(many_records(3000), path, options=NO_CITATIONS)
    assert result.written == 3000
    text = path.read_text(encoding="utf-8")
    assert text.count("\n### ") == 3000 and text.count("\n## batch ") == 7


def test_cancel_while_reading_writes_nothing(tmp_path):
    path = tmp_path / "d.html"
    calls = iter(range(100))
    result = write_html_dossier(many_records(50), path, options=NO_CITATIONS, cancelled=lambda: next(calls) > 5)
    assert result.cancelled and not path.exists()
