"""TeX in digest text shown as Unicode: ``It\\^o`` → ``Itô``, ``$\\mathcal{O}(n)$`` → ``𝒪(n)``.

Display only: the library keeps, searches and exports the original text; the detail pane
shows :func:`display_text` of the title and the abstract.

Abstracts are prose with some TeX in it, not TeX documents, so the text is never handed to a
TeX converter whole (to one, ``%`` starts a comment that swallows the rest of the line, ``~``
is a space and every ``{`` disappears). Only the TeX-looking pieces are converted, each with
``pylatexenc``:

* inline math: ``$…$`` whose opening ``$`` is followed and whose closing ``$`` is preceded by
  a non-space, the closing one not followed by a digit (so ``$5 and $10`` stays money),
  ``$$…$$`` and ``\\(…\\)``;
* a macro outside math with its brace arguments: ``\\'{e}``, ``\\"o``, ``\\emph{…}``,
  ``\\%``, ``{\\em …}``;
* ``--`` and ``---`` between words become en and em dashes, in text that has TeX.

Everything else — URLs, ``%``, ``_`` in words, an unbalanced ``$`` or ``{`` — is left as it
is. :func:`display_text` never raises: a piece the converter cannot read is shown as
written. Text without ``\\`` or ``$`` is returned unchanged without any work, and results
are cached (the pane shows the same abstract again and again).

:func:`unicode_text` is the import-time sibling for names and titles (``registry.sanitize``
runs it on every importer's papers, so one person is spelled one way in one library): the
same conversion of accents and text macros, ``--``/``---`` as dashes, the brace groups they
leave unwrapped (``{\\o}`` → ``ø``, ``{\\AA}ngstr\\"om`` → ``Ångström``), but math kept as
written (``$\\alpha$`` stays TeX: the detail pane shows it with :func:`display_text`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text

# One level of nested braces inside an argument: \emph{a {b} c}.
_ARG = r"\{(?:[^{}\\]|\\.|\{[^{}]*\})*\}"
_MATH_RE = re.compile(
    r"\$\$(?P<display>[^$]+?)\$\$"  # $$ … $$
    r"|\$(?P<inline>[^\s$](?:[^$\n]*?[^\s$\\])?)\$(?!\d)"  # $x$, not "$5 and $"
    r"|\\\((?P<paren>.+?)\\\)",  # \( … \)
    re.DOTALL,
)
_MACRO_RE = re.compile(
    r"\{\\[A-Za-z]+\s+(?:[^{}\\]|\\.)*\}"  # {\em text}, {\bf text}
    r"|\{\\['`^\"~=.]\s*(?:[A-Za-z]|\\[ij]|" + _ARG + r")\}"  # {\'e}, {\"{o}}
    r"|\\['`^\"~=.]\s*(?:[A-Za-z]|\\[ij](?![A-Za-z])|" + _ARG + r")"  # \'e \'{e} \^o \"ive
    r"|\\[A-Za-z]+\*?(?:\s*" + _ARG + r")*"  # \emph{x}, \mathcal{O}, \ldots
    r"|\\[%&#_$\\{}]",  # \% \& \# \_ \$ \\ \{ \}
)
_DASH_RE = re.compile(r"(?<=[\w\s])---?(?=[\w\s])")
_UNESCAPED_PERCENT_RE = re.compile(r"(?<!\\)%")
_CONVERTER = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def has_tex(text: str) -> bool:
    """Whether ``text`` may hold TeX (a backslash or a dollar); the fast path of display."""
    return "\\" in text or "$" in text


def display_text(text: str) -> str:
    """``text`` with its TeX accents, macros and simple inline math as Unicode; never raises."""
    if not text or not has_tex(text):
        return text
    return _display_cached(text)


@lru_cache(maxsize=4096)
def _display_cached(text: str) -> str:
    try:
        return _display(text)
    except Exception:  # noqa: BLE001 - display only: the original is always a fine answer
        return text


def _display(text: str) -> str:
    out: list[str] = []
    pos = 0
    for match in _MATH_RE.finditer(text):
        out.append(_prose(text[pos:match.start()]))
        body = match.group("display") or match.group("inline") or match.group("paren") or ""
        out.append(_convert(f"${body}$", match.group(0)))
        pos = match.end()
    out.append(_prose(text[pos:]))
    return "".join(out)


def _prose(text: str) -> str:
    """Text outside math: its macros converted one by one, its dashes made dashes."""
    if not text:
        return text
    if "\\" in text:
        text = _MACRO_RE.sub(lambda m: _convert(m.group(0), m.group(0)), text)
    return _DASH_RE.sub(lambda m: "—" if len(m.group(0)) == 3 else "–", text)


@lru_cache(maxsize=8192)
def _convert(piece: str, fallback: str) -> str:
    """One TeX piece as text; ``fallback`` when the converter fails or gives nothing."""
    try:
        converted = _CONVERTER.latex_to_text(_UNESCAPED_PERCENT_RE.sub(r"\\%", piece))
    except Exception:  # noqa: BLE001 - pylatexenc raises several kinds on odd input
        return fallback
    converted = " ".join(converted.split()) if "\n" in converted else converted
    if not converted.strip() and fallback.strip():
        return fallback
    return converted


# Letter macros (\ss, \o, \ae, \l, \AA ...) eat the space after them: "Stra\ss e" is "Straße".
_LETTER_SPACE_RE = re.compile(r"\\(ss|o|O|ae|AE|oe|OE|aa|AA|l|L|i|j)(?![A-Za-z]) (?=[^\W\d_])")
# A brace group of plain text left once its macros are converted: {ø}ren, {SU}(3).
_BARE_GROUP_RE = re.compile(r"\{([^{}\\$\s]*)\}")
# A tie between an initial (or a name) and a name: "M.~Garc\'ia".
_TIE_RE = re.compile(r"(?<=[^\W\d_.]|\.)~(?=[^\W\d_\\]|\\)")


def unicode_text(text: str) -> str:
    """A name or title with its TeX accents, text macros and dashes as Unicode, its math kept
    as written and its whitespace runs as one space; never raises."""
    if not text:
        return text
    if not has_tex(text) and "--" not in text and "{" not in text:
        return " ".join(text.split())
    return _unicode_cached(text)


@lru_cache(maxsize=8192)
def _unicode_cached(text: str) -> str:
    """Spelled until nothing changes (nested groups: ``{{\\o}}``), so that importing a name
    the library already spelled (an export read back) changes nothing."""
    try:
        for _ in range(4):
            spelled = _unicode_once(text)
            if spelled == text:
                break
            text = spelled
        return text
    except Exception:  # noqa: BLE001 - the original is always an acceptable name
        return " ".join(text.split())


def _unicode_once(text: str) -> str:
    out: list[str] = []
    pos = 0
    for match in _MATH_RE.finditer(text):
        out.append(_prose_text(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_prose_text(text[pos:]))
    return " ".join("".join(out).split())


def _prose_text(text: str) -> str:
    """Prose of a name or title: :func:`_prose`, with TeX's spacing of letter macros and ties
    and without the braces its macros leave."""
    if "\\" in text:
        text = _LETTER_SPACE_RE.sub(r"\\\1{}", text)
        text = _TIE_RE.sub(" ", text)
    text = _prose(text)
    if "{" in text:
        text = _BARE_GROUP_RE.sub(r"\1", text)
    return text
