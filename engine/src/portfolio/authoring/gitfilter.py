"""Keep notebook outputs out of a site's git: nbstripout as the clean filter of ``*.ipynb``.

Quarto writes outputs into every notebook it executes; with this filter git stores them
stripped (stable cell ids, no kernel details), and the post-render step refreshes git's view
(``portfolio.build.gitindex``), so ``git status`` stays clean after a render. The filter is
set in the clone's own git config (``portfolio setup-git`` after a clone; ``portfolio init``
does it for a new site).

git runs the filter as one long-running process per git command (``filter.nbstripout.process``,
git's filter protocol, version 2: https://git-scm.com/docs/gitattributes), which strips
each notebook with nbstripout's own function, as its command line does
(``filter.nbstripout.clean``, kept for tools that read it). A command line per notebook
costs a Python start and two ``git config`` runs each: about 0.3 s a notebook, twice for
each notebook a render executed.

    python -m portfolio.authoring.gitfilter      (run by git)
"""

from __future__ import annotations

import argparse
import io
import shlex
import subprocess
import sys
import warnings
from pathlib import Path
from typing import BinaryIO

from portfolio.project.links import project_root

#: Metadata that differs between machines and kernels, stripped too.
EXTRA_KEYS = " ".join(
    f"metadata.language_info.{key}"
    for key in (
        "codemirror_mode",
        "file_extension",
        "mimetype",
        "nbconvert_exporter",
        "pygments_lexer",
        "version",
    )
)


#: The keys nbstripout's command line strips besides ``EXTRA_KEYS`` (nbstripout 0.9).
NBSTRIPOUT_KEYS = (
    "metadata.signature",
    "metadata.widgets",
    "cell.metadata.collapsed",
    "cell.metadata.ExecuteTime",
    "cell.metadata.execution",
    "cell.metadata.heading_collapsed",
    "cell.metadata.hidden",
    "cell.metadata.scrolled",
)
#: The largest packet git's protocol allows (``pkt-line``: 65520 bytes with its header).
PACKET = 65516
FLUSH = b"0000"


def strip(text: str) -> str:
    """The notebook ``text`` as the clean filter stores it (nbstripout's command line with
    the options ``install_filter`` gives it writes the same)."""
    import nbformat
    from nbstripout import strip_output

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)
        notebook = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
        stripped = strip_output(
            notebook,
            keep_output=False,
            keep_count=False,
            keep_id=True,
            extra_keys=[*NBSTRIPOUT_KEYS, *EXTRA_KEYS.split()],
        )
        out = io.StringIO()
        nbformat.write(stripped, out)
    return out.getvalue()


def _read_packet(stream: BinaryIO) -> bytes | None:
    """One packet's data; None for a flush packet. ``EOFError`` when git has closed."""
    header = stream.read(4)
    if len(header) < 4:
        raise EOFError
    size = int(header, 16)
    return stream.read(size - 4) if size else None


def _read_until_flush(stream: BinaryIO) -> list[bytes]:
    packets = []
    while (packet := _read_packet(stream)) is not None:
        packets.append(packet)
    return packets


def _write_packets(stream: BinaryIO, *packets: bytes) -> None:
    """``packets`` (each cut to the protocol's size), then a flush packet."""
    for packet in packets:
        for start in range(0, len(packet), PACKET):
            part = packet[start : start + PACKET]
            stream.write(b"%04x" % (len(part) + 4) + part)
    stream.write(FLUSH)
    stream.flush()


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Answer git's filter protocol (version 2) until git closes the pipe: ``clean`` strips
    a notebook, ``smudge`` gives it back as stored (as ``smudge = cat`` does; a required
    filter must have both, or git cannot check notebooks out)."""
    _read_until_flush(stdin)  # git-filter-client, version=2
    _write_packets(stdout, b"git-filter-server\n", b"version=2\n")
    _read_until_flush(stdin)  # the capabilities git has
    _write_packets(stdout, b"capability=clean\n", b"capability=smudge\n")
    while True:
        try:
            headers = _read_until_flush(stdin)  # command=..., pathname=...
        except EOFError:
            return
        content = b"".join(_read_until_flush(stdin))
        try:
            answer = _clean(content) if b"command=clean\n" in headers else content
        except Exception as exc:  # a file that is no notebook: git reports the failure
            print(f"gitfilter: not stripped: {exc}", file=sys.stderr)
            _write_packets(stdout, b"status=error\n")
            continue
        _write_packets(stdout, b"status=success\n")
        _write_packets(stdout, answer)
        _write_packets(stdout)  # the status stays "success"


def _clean(content: bytes) -> bytes:
    return strip(content.decode("utf-8")).encode("utf-8")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True)


def install_filter(root: Path, python: str = sys.executable) -> None:
    """Register nbstripout (run by ``python``) as the filter and diff of ``*.ipynb``."""
    subprocess.run(
        [python, "-m", "nbstripout", "--install"], cwd=root, check=True, capture_output=True
    )
    command = f"{shlex.quote(python)} -m nbstripout"
    options = f'--keep-id --extra-keys "{EXTRA_KEYS}"'
    _git(root, "config", "filter.nbstripout.clean", f"{command} {options}")
    _git(root, "config", "filter.nbstripout.process", f"{shlex.quote(python)} -m {__name__}")
    _git(root, "config", "diff.ipynb.textconv", f"{command} -t {options}")


def _setup_git(args: argparse.Namespace) -> int:
    root = project_root()
    install_filter(root)
    print(f"{root}: notebooks are stored in git without their outputs (nbstripout)")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``setup-git`` on the ``portfolio`` command."""
    setup = commands.add_parser(
        "setup-git", help="keep notebook outputs out of git (run once after a clone)"
    )
    setup.set_defaults(run=_setup_git)


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
