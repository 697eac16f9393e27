"""Real bibliographies that nobody here wrote, imported whole: no crash, and the expected entries accepted.

The files are the test data and examples shipped inside the source releases of
the BibTeX and RIS packages (pybtex's TUGboat bibliography of 2,720 entries and
Oren Patashnik's xampl.bib, bibtexparser's GBK-encoded sample, rispy's RIS
exports from several databases). They are downloaded with pip at the start of
the session, not kept in this repository. Without a package index the tests are
skipped, except under CI, where they fail.
"""

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from editorial.exceptions import InvalidAction
from references import importers
from references.importers.common import decode

pytestmark = pytest.mark.django_db

RELEASES = ("pybtex==0.26.1", "bibtexparser==2.1.0", "rispy==0.7.1")
# file inside a release → (entries read, accepted as new); None: the whole file is refused.
EXPECTED = {
    "pybtex-0.26.1/examples/tugboat/tugboat.bib": (2720, 2718),
    "pybtex-0.26.1/examples/xampl.bib": (36, 33),
    "pybtex-0.26.1/tests/data/xampl.bib": (36, 33),
    "pybtex-0.26.1/tests/data/xampl_mixed.bib": (36, 33),
    "pybtex-0.26.1/tests/data/IEEEtran.bib": (5, 4),
    "pybtex-0.26.1/tests/data/cyrillic.bib": (5, 5),
    "pybtex-0.26.1/tests/data/extrafields.bib": (1, 1),
    "bibtexparser-2.1.0/tests/resources/gbk_test.bib": None,
    "rispy-0.7.1/tests/data/example_basic.ris": (1, 1),
    # A record with only a DOI, and one with only authors and ISSNs: no title, refused with that reason.
    "rispy-0.7.1/tests/data/example_bom.ris": (1, 0),
    "rispy-0.7.1/tests/data/example_custom_list_tags.ris": (1, 0),
    # These records link "http://example_url.com": a host name with "_" is not a web address.
    "rispy-0.7.1/tests/data/example_extraneous_data.ris": (2, 0),
    "rispy-0.7.1/tests/data/example_full.ris": (2, 0),
    "rispy-0.7.1/tests/data/example_full_without_whitespace.ris": (2, 0),
    "rispy-0.7.1/tests/data/example_full_write.ris": (2, 0),
    "rispy-0.7.1/tests/data/example_multi_unknown_tags.ris": (1, 1),
    "rispy-0.7.1/tests/data/example_single_unknown_tag.ris": (1, 1),
    "rispy-0.7.1/tests/data/example_starting_newlines.ris": (1, 1),
    "rispy-0.7.1/tests/data/example_utf_chars.ris": (1, 1),
    "rispy-0.7.1/tests/data/multiline.ris": (1, 1),
    # Web of Science's own tagged format ("PT J"), not RIS: no record is found in it.
    "rispy-0.7.1/tests/data/example_wos.ris": (0, 0),
}


@pytest.fixture(scope="session")
def releases(tmp_path_factory):
    """The unpacked source releases, downloaded once per session."""
    folder = tmp_path_factory.mktemp("releases")
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:"]
    result = subprocess.run(
        [*command, "--dest", str(folder), *RELEASES], capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0:
        message = f"The source releases could not be downloaded: {result.stderr.strip()[-500:]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    for archive in folder.glob("*.tar.gz"):
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith((".bib", ".ris"))]
            tar.extractall(folder, members=members, filter="data")
    return folder


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_published_bibliography_imports_without_a_crash(releases, name):
    raw = (releases / name).read_bytes()
    expected = EXPECTED[name]
    if expected is None:
        with pytest.raises(InvalidAction, match="not UTF-8 text"):
            decode(raw)
        return
    candidates = importers.parse_any(
        decode(raw), file_format=Path(name).suffix.lstrip(".").replace("bib", "bibtex")
    )
    rows = importers.classify(candidates)
    accepted = [row for row in rows if row.status == row.NEW]
    assert (len(rows), len(accepted)) == expected
    for row in rows:
        assert row.status == row.NEW or row.reason.endswith(".")
        assert row.line >= 1
    # Nothing that comes in still carries TeX syntax or lost its title to a macro.
    for row in accepted:
        assert row.data["title"].strip()
        assert not any(mark in row.data["title"] for mark in ("\\", "$", "~"))


def test_the_refusals_in_published_bibliographies_say_why(releases):
    text = decode((releases / "rispy-0.7.1/tests/data/example_full.ris").read_bytes())
    reasons = {row.reason for row in importers.classify(importers.parse_any(text, file_format="ris"))}
    assert reasons == {'"http://example_url.com" is not a valid web address.'}
    text = decode((releases / "pybtex-0.26.1/examples/xampl.bib").read_bytes())
    rows = importers.classify(importers.parse_any(text, file_format="bibtex"))
    refused = [(row.data["citation_key"], row.reason) for row in rows if row.status != row.NEW]
    # An entry for a whole journal issue, a minimal MISC entry and a note: none has a title.
    assert refused == [
        ("whole-journal", "It has no title."),
        ("misc-minimal", "It has no title."),
        ("random-note-crossref", "It has no title."),
    ]
    titles = {row.data["citation_key"]: row.data["title"] for row in rows}
    # "Proc. Fifteenth Annual" # STOC: the string macro and the concatenation are resolved.
    assert titles["proceedings-minimal"] == "Proc. Fifteenth Annual Symposium on the Theory of Computing"
    assert titles["inbook-minimal"] == "Fundamental Algorithms"


def test_the_tugboat_bibliography_keeps_its_accents_dashes_and_line_numbers(releases):
    text = decode((releases / "pybtex-0.26.1/examples/tugboat/tugboat.bib").read_bytes())
    candidates = importers.parse_any(text, file_format="bibtex")
    lines = text.splitlines()
    for candidate in candidates:
        # Every entry's line number points at its own "@" line (the parser alone drifts).
        assert lines[candidate["_line"] - 1].lstrip().startswith("@"), candidate["_line"]
        if "_error" not in candidate:
            assert candidate["citation_key"] in lines[candidate["_line"] - 1]
    titles = " ".join(candidate.get("title", "") for candidate in candidates)
    assert "–" in titles and "é" in titles


def test_a_published_bibliography_is_refused_whole_only_for_its_encoding(releases):
    with pytest.raises(InvalidAction, match="Export it again as UTF-8"):
        decode((releases / "bibtexparser-2.1.0/tests/resources/gbk_test.bib").read_bytes())
