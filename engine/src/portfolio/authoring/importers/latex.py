"""LaTeX of BibTeX fields as Unicode text (pylatexenc), with nothing dropped silently.

pylatexenc's text conversion discards a command it does not know (``{\\S}846`` becomes
"846"); here every such command is reported instead. Besides pylatexenc's commands, the
decoder knows NASA ADS's journal macros (``\\mnras``, ``\\apj``... as defined in ADS's
``aas_macros.sty``), font switches (``{\\sc i}``), ``\\S``, ``\\mbox`` and
``\\textsuperscript``. Math (``$\\delta$``, ``\\(\\Sigma\\)``, ``$^{40}$Ar``) becomes Unicode
when the Unicode is exact (Greek letters, symbols, digits as super- or subscripts); other
math is reported, never kept with its dollars.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as text_context_db
from pylatexenc.macrospec import MacroSpec

#: ADS's journal macros (aas_macros.sty) and the journals they stand for.
ADS_JOURNALS = {
    "aj": "Astronomical Journal",
    "actaa": "Acta Astronomica",
    "araa": "Annual Review of Astronomy and Astrophysics",
    "apj": "Astrophysical Journal",
    "apjl": "Astrophysical Journal Letters",
    "apjs": "Astrophysical Journal Supplement Series",
    "ao": "Applied Optics",
    "apss": "Astrophysics and Space Science",
    "aap": "Astronomy and Astrophysics",
    "aapr": "Astronomy and Astrophysics Reviews",
    "aaps": "Astronomy and Astrophysics Supplement Series",
    "azh": "Astronomicheskii Zhurnal",
    "baas": "Bulletin of the American Astronomical Society",
    "bac": "Bulletin of the Astronomical Institutes of Czechoslovakia",
    "caa": "Chinese Astronomy and Astrophysics",
    "cjaa": "Chinese Journal of Astronomy and Astrophysics",
    "icarus": "Icarus",
    "jcap": "Journal of Cosmology and Astroparticle Physics",
    "jrasc": "Journal of the Royal Astronomical Society of Canada",
    "memras": "Memoirs of the Royal Astronomical Society",
    "mnras": "Monthly Notices of the Royal Astronomical Society",
    "na": "New Astronomy",
    "nar": "New Astronomy Reviews",
    "pra": "Physical Review A",
    "prb": "Physical Review B",
    "prc": "Physical Review C",
    "prd": "Physical Review D",
    "pre": "Physical Review E",
    "prl": "Physical Review Letters",
    "pasa": "Publications of the Astronomical Society of Australia",
    "pasp": "Publications of the Astronomical Society of the Pacific",
    "pasj": "Publications of the Astronomical Society of Japan",
    "psj": "Planetary Science Journal",
    "rmxaa": "Revista Mexicana de Astronomía y Astrofísica",
    "qjras": "Quarterly Journal of the Royal Astronomical Society",
    "skytel": "Sky and Telescope",
    "solphys": "Solar Physics",
    "sovast": "Soviet Astronomy",
    "ssr": "Space Science Reviews",
    "zap": "Zeitschrift für Astrophysik",
    "nat": "Nature",
    "iaucirc": "IAU Circulars",
    "aplett": "Astrophysics Letters",
    "apspr": "Astrophysics Space Physics Research",
    "bain": "Bulletin of the Astronomical Institutes of the Netherlands",
    "fcp": "Fundamentals of Cosmic Physics",
    "gca": "Geochimica et Cosmochimica Acta",
    "grl": "Geophysical Research Letters",
    "jcp": "Journal of Chemical Physics",
    "jgr": "Journal of Geophysical Research",
    "jqsrt": "Journal of Quantitative Spectroscopy and Radiative Transfer",
    "memsai": "Memorie della Società Astronomica Italiana",
    "nphysa": "Nuclear Physics A",
    "physrep": "Physics Reports",
    "physscr": "Physica Scripta",
    "planss": "Planetary and Space Science",
    "procspie": "Proceedings of the SPIE",
}
#: Switches that change the font only: the text is the same without them.
FONT_SWITCHES = [
    "sc",
    "scshape",
    "rm",
    "bf",
    "it",
    "em",
    "tt",
    "sf",
    "sl",
    "up",
    "md",
    "normalfont",
    "upshape",
    "bfseries",
    "itshape",
    "mdseries",
    "rmfamily",
    "sffamily",
    "ttfamily",
    "slshape",
    "tiny",
    "scriptsize",
    "footnotesize",
    "small",
    "normalsize",
    "large",
    "Large",
    "LARGE",
    "huge",
    "Huge",
    "relax",
    "protect",
]
#: Commands around math content that change only its font.
MATH_FONTS = frozenset(
    ["mathrm", "mathit", "mathbf", "mathsf", "mathnormal", "text", "textrm", "textit", "mbox"]
)
SUPERSCRIPTS = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ", strict=True))
SUBSCRIPTS = dict(zip("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ", strict=True))
#: What makes a word LaTeX rather than text: a command, group, math, escape or ligature.
_LATEX = re.compile(r"[\\{}$~^_%&#]|--|``|''|!`|\?`")
_ESCAPE = re.compile(r"\\[^A-Za-z]")
_WORDS = re.compile(r"(\s+)")
#: Script content that is written as it is (a prime, a degree sign).
AS_WRITTEN = {"′": "′", "∘": "°", "°": "°", "*": "*"}


class _NotExact(Exception):
    """A piece of LaTeX has no exact Unicode text; the message says which. Control flow inside
    this module (caught here, noted as a problem): not a ``PortfolioError``."""


def _scripted(text: str, table: dict[str, str]) -> str:
    """``text`` raised or lowered with Unicode characters, when each one has one."""
    if text in AS_WRITTEN:
        return AS_WRITTEN[text]
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    raise _NotExact(text)


def _superscript(node: latexwalker.LatexMacroNode, l2tobj: LatexNodes2Text) -> str:
    argument = node.nodeargd.argnlist[0] if node.nodeargd and node.nodeargd.argnlist else None
    text = l2tobj.nodelist_to_text([argument]) if argument else ""
    try:
        return _scripted(text, SUPERSCRIPTS)
    except _NotExact:
        l2tobj.problems.append(rf"\textsuperscript{{{text}}} has no exact Unicode form")
        return text


def _walker_context() -> latexwalker.LatexContextDb:
    context = latexwalker.get_default_latex_context_db()
    macros = [MacroSpec("textsuperscript", "{"), MacroSpec("enquote", "{")]
    context.add_context_category("portfolio", macros=macros, prepend=True)
    return context


def _text_context() -> object:
    context = text_context_db()
    macros = [MacroTextSpec(name, journal) for name, journal in ADS_JOURNALS.items()]
    macros += [MacroTextSpec(name, discard=True) for name in FONT_SWITCHES]
    macros += [
        MacroTextSpec("S", "§"),
        MacroTextSpec("P", "¶"),
        MacroTextSpec("prime", "′"),
        MacroTextSpec("TeX", "TeX"),
        MacroTextSpec("LaTeX", "LaTeX"),
        MacroTextSpec("mbox", "%s"),
        MacroTextSpec("url", "%s"),
        MacroTextSpec("enquote", "“%s”"),
        MacroTextSpec("textless", "<"),
        MacroTextSpec("textgreater", ">"),
        MacroTextSpec("newline", " "),
        MacroTextSpec("textsuperscript", _superscript),
    ]
    context.add_context_category("portfolio", macros=macros, prepend=True)
    return context


def _pieces(latex: str) -> Iterator[tuple[str, bool]]:
    """``latex`` in pieces, each plain text or LaTeX (``True``), cut only between words
    outside groups and math and not after a command, which may take the next word."""
    piece: list[str] = []
    depth = math = 0
    for word in _WORDS.split(latex):
        piece.append(word)
        if not _LATEX.search(word) and not piece[:-1]:
            yield word, False
            piece = []
            continue
        plain = _ESCAPE.sub("", word)
        depth += plain.count("{") - plain.count("}")
        math += plain.count("$") + word.count("\\(") - word.count("\\)")
        open_command = re.search(r"\\[A-Za-z]*$", word)
        if depth <= 0 and math % 2 == 0 and not open_command and not word.isspace():
            yield "".join(piece), True
            piece = []
    if piece:
        yield "".join(piece), True


class Decoder(LatexNodes2Text):
    """LaTeX to text that lists, in ``problems``, each command it cannot write as text."""

    def __init__(self) -> None:
        super().__init__(latex_context=_text_context(), math_mode="text")
        self.walker_context = _walker_context()
        self.problems: list[str] = []

    def decode(self, latex: str) -> tuple[str, list[str]]:
        """``latex`` as text, and what it holds that could not be written as text. Only
        the pieces that hold LaTeX go through pylatexenc, which reads a character at a
        time; the words between them are text as they are."""
        self.problems = []
        text = []
        for piece, is_latex in _pieces(latex):
            if is_latex:
                walker = latexwalker.LatexWalker(piece, latex_context=self.walker_context)
                piece = self.nodelist_to_text(walker.get_latex_nodes()[0])
            text.append(piece)
        return "".join(text), self.problems

    def macro_node_to_text(self, node: latexwalker.LatexMacroNode) -> str:
        if self.latex_context.get_macro_spec(node.macroname) is None:
            self.problems.append(f"LaTeX command \\{node.macroname} is not known")
        return super().macro_node_to_text(node)

    def comment_node_to_text(self, node: latexwalker.LatexCommentNode) -> str:
        self.problems.append("a % starts a LaTeX comment (write \\% for a percent sign)")
        return ""

    def math_node_to_text(self, node: latexwalker.LatexNode) -> str:
        try:
            return self._math(node.nodelist or [])
        except _NotExact:
            self.problems.append(f"math {node.latex_verbatim()} has no exact Unicode form")
            return node.latex_verbatim()

    def _math(self, nodes: list[latexwalker.LatexNode]) -> str:
        """Math as Unicode: symbols as pylatexenc writes them, ``^``/``_`` as scripts."""
        tokens = [
            token
            for node in nodes
            for token in (node.chars if node.isNodeType(latexwalker.LatexCharsNode) else [node])
        ]
        out, index = [], 0
        while index < len(tokens):
            token = tokens[index]
            if isinstance(token, str) and token in "^_" and index + 1 < len(tokens):
                table = SUPERSCRIPTS if token == "^" else SUBSCRIPTS
                out.append(_scripted(self._math_token(tokens[index + 1]), table))
                index += 2
                continue
            out.append(self._math_token(token))
            index += 1
        return "".join(out)

    def _math_token(self, token: str | latexwalker.LatexNode) -> str:
        if isinstance(token, str):
            if token in "^_{}&#%\\":
                raise _NotExact(token)
            return token
        if token.isNodeType(latexwalker.LatexGroupNode):
            return self._math(token.nodelist)
        if not token.isNodeType(latexwalker.LatexMacroNode):
            raise _NotExact(token.latex_verbatim())
        if token.macroname in MATH_FONTS:
            arguments = token.nodeargd.argnlist if token.nodeargd else []
            return "".join(self._math_token(argument) for argument in arguments if argument)
        return self._math_symbol(token)

    def _math_symbol(self, node: latexwalker.LatexMacroNode) -> str:
        """A command that stands for one symbol (``\\alpha``, ``\\times``), as that symbol."""
        spec = self.latex_context.get_macro_spec(node.macroname)
        replacement = getattr(spec, "simplify_repl", None)
        takes_arguments = node.nodeargd is not None and any(node.nodeargd.argnlist or [])
        if node.macroname in (",", ";", ":", " "):
            return " "
        if node.macroname in FONT_SWITCHES:
            return ""
        if isinstance(replacement, str) and "%" not in replacement and not takes_arguments:
            return replacement
        raise _NotExact(node.latex_verbatim())
