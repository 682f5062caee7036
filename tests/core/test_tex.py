"""TeX in digest text shown as Unicode (reader.core.tex.display_text), and names and titles
spelled in Unicode at import (reader.core.tex.unicode_text)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.tex import display_text, unicode_text


@pytest.mark.parametrize(("raw", "shown"), [
    (r"It\^o calculus", "Itô calculus"),
    (r"in $\mathcal{O}(n)$ time", "in 𝒪(n) time"),
    (r"Caf\'{e} and {\'e}t\'e", "Café and été"),
    (r'(\"Ust\"un et al., 2024) are na\"ive', "(Üstün et al., 2024) are naïve"),
    (r"\v{S}koda \c{c}a", "Škoda ça"),
    (r"pages 2--3 and a pause --- here \emph{really}", "pages 2–3 and a pause — here really"),
    (r"\textbf{bold} {\em cat}", "bold cat"),
    (r"$\alpha$-stable with 50\% less", "α-stable with 50% less"),
    (r"$O(n \log n)$ and $\frac{1}{2}$", "O(n log n) and 1/2"),
    (r"\(\mathbb{R}\) and $$x$$", "ℝ and x"),
    (r"price \$5 and $x$", "price $5 and x"),
])
def test_tex_is_shown_as_unicode(raw: str, shown: str) -> None:
    assert display_text(raw) == shown


@pytest.mark.parametrize("plain", [
    "costs $5 and $10 for 100% of runs",  # money, not math
    "see https://x.org/a_b?q=1%20&r=2 and snake_case_names",
    "unbalanced $x^2 and {brace",
    "a } b $",
    "$",
    "\\",
    "{\\",
    "100% of $",
])
def test_plain_text_and_malformed_tex_are_left_alone(plain: str) -> None:
    assert display_text(plain) == plain


def test_percent_in_tex_text_does_not_swallow_the_rest() -> None:
    # To a TeX converter "%" starts a comment: the rest of the line must survive.
    assert display_text(r"It\^o gains 40% on https://x.org/a%20b") == "Itô gains 40% on https://x.org/a%20b"


def test_an_unknown_environment_is_shown_as_written() -> None:
    assert display_text(r"\begin{itemize} x") == r"\begin{itemize} x"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_returns_text(text: str) -> None:
    assert isinstance(display_text(text), str)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\\$")))
def test_text_without_backslash_or_dollar_is_unchanged(text: str) -> None:
    assert display_text(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\${}%_^~'\"`-ab ()\n"))))
def test_never_raises_on_tex_like_noise(text: str) -> None:
    assert isinstance(display_text(text), str)


def test_fast_for_a_typical_abstract() -> None:
    plain = "We present a method that improves retrieval by 12% on five benchmarks. " * 20
    start = time.perf_counter()
    for _ in range(1000):
        display_text(plain)
    assert (time.perf_counter() - start) / 1000 < 0.001
    tex = r"We prove an It\^o formula with $\mathcal{O}(n)$ cost --- Schr\"{o}dinger " * 5
    display_text(tex)  # converted once, then cached
    start = time.perf_counter()
    for _ in range(1000):
        display_text(tex)
    assert (time.perf_counter() - start) / 1000 < 0.001


@pytest.mark.parametrize(("raw", "spelled"), [
    (r"M. Garc\'ia Redondo", "M. García Redondo"),
    (r'N. M\"uller', "N. Müller"),
    (r"M\'aria Pet\H{o}", "Mária Pető"),
    (r"S{\o}ren Bj\o rn", "Søren Bjørn"),  # a braced letter macro; one eating its space
    (r"Fran\c{c}ois Stra\ss e", "François Straße"),
    (r'J. M{\"u}ller', "J. Müller"),
    (r"J. Pe\~na, A. Ko\v{s}ice", "J. Peña, A. Košice"),
    (r"Mart\'{\i}nez and Mart\'\i nez", "Martínez and Martínez"),
    (r'{\AA}ngstr\"om, \L{}ukasz {\L}ukasz', "Ångström, Łukasz Łukasz"),
    (r"\'Sl\k{e}zak Erd\H{o}s", "Ślęzak Erdős"),
    (r"M.~Garc\'ia", "M. García"),  # a tie is a space
    (r"Curie--Weiss---model", "Curie–Weiss—model"),
    (r"{\it et al.} and \textsc{Gaia}, 5\% \& more", "et al. and Gaia, 5% & more"),
    ("A title\n  wrapped   twice", "A title wrapped twice"),
])
def test_names_and_titles_are_spelled_in_unicode(raw: str, spelled: str) -> None:
    assert unicode_text(raw) == spelled


@pytest.mark.parametrize(("raw", "kept"), [
    (r"Galaxies at $4 < z < 9$ are -- Bluer", r"Galaxies at $4 < z < 9$ are – Bluer"),
    (r"The {SU}(3) $\mathcal{N}=4$ model", r"The SU(3) $\mathcal{N}=4$ model"),
    (r"$\alpha$-stable laws in \(\mathbb{R}^n\)", r"$\alpha$-stable laws in \(\mathbb{R}^n\)"),
    (r"\unknownmacro stays", r"\unknownmacro stays"),
    ("costs $5 and $10", "costs $5 and $10"),
    ("unbalanced {brace and $x", "unbalanced {brace and $x"),
    ("Plain title", "Plain title"),
])
def test_math_and_what_is_not_a_text_macro_are_kept_as_written(raw: str, kept: str) -> None:
    """Math stays TeX at import (the detail pane shows it converted): only text is spelled."""
    assert unicode_text(raw) == kept
    assert display_text(r"Galaxies at $\alpha$") == "Galaxies at α"  # display unchanged


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\${}%_^~'\"`-ab ()\noLsi.A"))))
def test_unicode_text_never_raises_and_is_stable(text: str) -> None:
    once = unicode_text(text)
    assert isinstance(once, str)
    assert unicode_text(once) == once  # spelling twice changes nothing more
