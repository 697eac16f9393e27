"""Looking up bibliographic metadata and retraction notices by DOI and PMID.

The project talks to the outside world through `get_resolver()`, which builds
the class named in settings.REFERENCE_RESOLVER["CLASS"]. The default,
`HttpResolver`, asks Crossref's REST API (works by DOI, and the notices that
update a DOI) and PubMed's E-utilities (esummary by PMID), using only the
standard library. Tests point its base URLs at a local server that replays
recorded responses. Every failure becomes a `ResolverError` with a sentence a
person can act on; nothing here raises anything else.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from .identifiers import normalise_doi, normalise_pmcid, normalise_pmid

# Crossref update types that withdraw a work, and those that only amend it.
RETRACTION_TYPES = {"retraction", "withdrawal", "removal"}
CORRECTION_TYPES = {"correction", "erratum", "expression_of_concern", "partial_retraction", "addendum"}
MAX_RESPONSE_BYTES = 2 * 1024 * 1024

CROSSREF_TYPES = {
    "journal-article": "research",
    "book": "other",
    "book-chapter": "other",
    "report": "other",
    "posted-content": "other",
}
PUBMED_TYPES = [
    ("Practice Guideline", "guideline"),
    ("Guideline", "guideline"),
    ("Meta-Analysis", "systematic_review"),
    ("Systematic Review", "systematic_review"),
    ("Randomized Controlled Trial", "randomised_trial"),
    ("Observational Study", "observational"),
    ("Review", "review"),
    ("Editorial", "expert_opinion"),
    ("Comment", "expert_opinion"),
]


class ResolverError(Exception):
    """A lookup that could not be completed; the message says why, for a person."""


class NotFound(ResolverError):
    """The service answered, and has no record of the identifier."""


@dataclass
class Update:
    """A notice that retracts or amends a work, as Crossref records it."""

    update_type: str
    notice_doi: str = ""
    date: str = ""
    label: str = ""

    @property
    def is_retraction(self):
        return self.update_type in RETRACTION_TYPES


@dataclass
class Metadata:
    """What a service knows about one work, in the library's own field names."""

    title: str = ""
    authors: list = field(default_factory=list)
    source: str = ""
    journal_abbreviation: str = ""
    year: int | None = None
    month: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    reference_type: str = "research"
    updates: list = field(default_factory=list)
    found_in: str = ""

    def as_candidate(self):
        """The fields an import or a new entry takes from this record."""
        data = asdict(self)
        data.pop("updates")
        data.pop("found_in")
        data["authors"] = "\n".join(self.authors)
        return data


@dataclass
class RetractionStatus:
    doi: str
    updates: list = field(default_factory=list)

    @property
    def retraction(self):
        return next((u for u in self.updates if u.is_retraction), None)

    @property
    def corrections(self):
        return [u for u in self.updates if not u.is_retraction]


class BaseResolver:
    """The interface: each method returns data or raises ResolverError."""

    def lookup_doi(self, doi) -> Metadata:
        raise NotImplementedError

    def lookup_pmid(self, pmid) -> Metadata:
        raise NotImplementedError

    def find_pmid(self, doi) -> str:
        """The PMID PubMed records for a DOI, or "" when it has none."""
        raise NotImplementedError

    def retraction_status(self, doi) -> RetractionStatus:
        raise NotImplementedError


def get_resolver():
    """The resolver configured in settings.REFERENCE_RESOLVER."""
    options = dict(settings.REFERENCE_RESOLVER)
    cls = import_string(options.pop("CLASS"))
    return cls(**{key.lower(): value for key, value in options.items()})


class HttpResolver(BaseResolver):
    """Crossref and PubMed over HTTP, with the standard library only."""

    def __init__(self, *, crossref_url, pubmed_url, timeout=5, contact_email=""):
        self.crossref_url = crossref_url.rstrip("/")
        self.pubmed_url = pubmed_url.rstrip("/")
        self.timeout = timeout
        self.contact_email = contact_email

    # ------------------------------------------------------------------
    # The interface
    # ------------------------------------------------------------------
    def lookup_doi(self, doi):
        doi = self._doi(doi)
        data = self._get_json(
            f"{self.crossref_url}/works/{urllib.parse.quote(doi, safe='/')}",
            service="Crossref",
            what=f"the DOI {doi}",
        )
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict):
            raise ResolverError(f"Crossref's answer about the DOI {doi} did not contain a work.")
        return parse_crossref_work(message)

    def lookup_pmid(self, pmid):
        pmid = self._pmid(pmid)
        query = urllib.parse.urlencode({"db": "pubmed", "id": pmid, "retmode": "json"})
        data = self._get_json(
            f"{self.pubmed_url}/esummary.fcgi?{query}", service="PubMed", what=f"the PMID {pmid}"
        )
        return parse_pubmed_summary(data, pmid)

    def find_pmid(self, doi):
        doi = self._doi(doi)
        query = urllib.parse.urlencode({"db": "pubmed", "term": f"{doi}[doi]", "retmode": "json"})
        data = self._get_json(
            f"{self.pubmed_url}/esearch.fcgi?{query}", service="PubMed", what=f"the DOI {doi}"
        )
        result = data.get("esearchresult") if isinstance(data, dict) else None
        ids = result.get("idlist") if isinstance(result, dict) else None
        # Only an unambiguous answer counts: one PubMed record for the DOI.
        if isinstance(ids, list) and len(ids) == 1 and str(ids[0]).isdigit():
            return str(ids[0])
        return ""

    def retraction_status(self, doi):
        doi = self._doi(doi)
        work = self.lookup_doi(doi)
        updates = list(work.updates)
        # Notices that name this DOI in their "update-to" list; older records carry
        # the link only on the notice, not on the work it retracts.
        query = urllib.parse.urlencode({"filter": f"updates:{doi}", "rows": 20})
        data = self._get_json(
            f"{self.crossref_url}/works?{query}", service="Crossref", what=f"notices about the DOI {doi}"
        )
        items = (data.get("message") or {}).get("items") if isinstance(data, dict) else None
        for item in items or []:
            if not isinstance(item, dict):
                continue
            # A notice may update several works: keep only what it says about this one.
            entries = [
                entry
                for entry in item.get("update-to") or []
                if isinstance(entry, dict) and str(entry.get("DOI", "")).lower() == doi
            ]
            updates += _crossref_updates(entries, notice_doi=str(item.get("DOI", "")))
        unique = {(u.update_type, u.notice_doi.lower()): u for u in updates}
        return RetractionStatus(doi=doi, updates=list(unique.values()))

    # ------------------------------------------------------------------
    # HTTP
    # ------------------------------------------------------------------
    @staticmethod
    def _doi(doi):
        try:
            return normalise_doi(doi)
        except Exception as exc:  # noqa: BLE001 - a ValidationError, shown as a lookup error
            raise ResolverError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc

    @staticmethod
    def _pmid(pmid):
        try:
            return normalise_pmid(pmid)
        except Exception as exc:  # noqa: BLE001 - a ValidationError, shown as a lookup error
            raise ResolverError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc

    def _get_json(self, url, *, service, what):
        agent = "editorial-reference-library/1.0"
        if self.contact_email:
            agent += f" (mailto:{self.contact_email})"
        request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": agent})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise NotFound(f"{service} has no record of {what}.") from exc
            raise ResolverError(
                f"{service} refused the lookup of {what} (HTTP {exc.code}). Try again later."
            ) from exc
        except TimeoutError as exc:
            raise ResolverError(
                f"{service} did not answer within {self.timeout} seconds while looking up {what}. "
                "Try again later."
            ) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise ResolverError(
                    f"{service} did not answer within {self.timeout} seconds while looking up {what}. "
                    "Try again later."
                ) from exc
            raise ResolverError(f"{service} could not be reached to look up {what}: {exc.reason}.") from exc
        except (OSError, ValueError) as exc:
            raise ResolverError(f"{service} could not be reached to look up {what}: {exc}.") from exc
        if len(body) > MAX_RESPONSE_BYTES:
            raise ResolverError(f"{service}'s answer about {what} was too large to read.")
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ResolverError(
                f"{service}'s answer about {what} could not be read (it is not JSON)."
            ) from exc


# ----------------------------------------------------------------------
# Parsing the services' records
# ----------------------------------------------------------------------
def _first(value):
    if isinstance(value, list):
        return str(value[0]).strip() if value else ""
    return str(value or "").strip()


def _initials(given):
    parts = given.replace(".", " ").replace("-", " ").split()
    return "".join(part[0].upper() for part in parts if part and part[0].isalpha())


def _crossref_author(author):
    if not isinstance(author, dict):
        return ""
    if author.get("family"):
        initials = _initials(author.get("given", ""))
        return f"{author['family']} {initials}".strip()
    return str(author.get("name", "")).strip()


def _date_str(value):
    parts = (value or {}).get("date-parts") if isinstance(value, dict) else None
    if not parts or not parts[0] or parts[0][0] is None:
        return ""
    return "-".join(f"{int(p):02d}" if i else str(int(p)) for i, p in enumerate(parts[0]))


def _crossref_updates(entries, *, notice_doi=""):
    updates = []
    for entry in entries or []:
        if not isinstance(entry, dict) or not entry.get("type"):
            continue
        updates.append(
            Update(
                update_type=str(entry["type"]).lower().replace("-", "_"),
                # On "updated-by" the DOI is the notice's; on "update-to" it is the updated work's.
                notice_doi=notice_doi or str(entry.get("DOI", "")),
                date=_date_str(entry.get("updated")),
                label=str(entry.get("label", "")),
            )
        )
    return updates


def parse_crossref_work(message):
    """A Crossref work ("message" of /works/{doi}) as library metadata."""
    issued = message.get("issued") or message.get("published-print") or message.get("published-online")
    year = _date_str(issued)[:4]
    abbreviation = _first(message.get("short-container-title"))
    doi = str(message.get("DOI", "")).lower()
    return Metadata(
        title=_first(message.get("title")),
        authors=[a for a in map(_crossref_author, message.get("author") or []) if a],
        # The abbreviation as Crossref has it; the reference list prefers it to the full title.
        source=abbreviation or _first(message.get("container-title")),
        journal_abbreviation=abbreviation,
        year=int(year) if year.isdigit() else None,
        volume=str(message.get("volume", "")),
        issue=str(message.get("issue", "")),
        pages=str(message.get("page", "")),
        doi=doi,
        url=f"https://doi.org/{doi}" if doi else "",
        reference_type=CROSSREF_TYPES.get(message.get("type", ""), "other"),
        updates=_crossref_updates(message.get("updated-by")),
        found_in="Crossref",
    )


def parse_pubmed_summary(data, pmid):
    """One record of an E-utilities esummary JSON answer as library metadata."""
    result = data.get("result") if isinstance(data, dict) else None
    record = result.get(pmid) if isinstance(result, dict) else None
    if not isinstance(record, dict) or record.get("error"):
        raise NotFound(f"PubMed has no record of the PMID {pmid}.")
    ids = {i.get("idtype"): i.get("value", "") for i in record.get("articleids") or [] if isinstance(i, dict)}
    doi = ids.get("doi", "")
    try:
        doi = normalise_doi(doi)
    except Exception:  # noqa: BLE001 - a malformed DOI in the record is left out
        doi = ""
    try:
        pmcid = normalise_pmcid(ids.get("pmc", ""))
    except Exception:  # noqa: BLE001 - likewise
        pmcid = ""
    pubtypes = record.get("pubtype") or []
    reference_type = next((ours for theirs, ours in PUBMED_TYPES if theirs in pubtypes), "research")
    year = str(record.get("pubdate", ""))[:4]
    updates = []
    if "Retracted Publication" in pubtypes:
        updates.append(Update(update_type="retraction", label="PubMed: Retracted Publication"))
    return Metadata(
        title=str(record.get("title", "")).strip(),
        authors=[
            str(a.get("name", "")).strip()
            for a in record.get("authors") or []
            if isinstance(a, dict) and a.get("name") and a.get("authtype", "Author") == "Author"
        ],
        # esummary's "source" is the NLM abbreviation (MEDLINE's TA).
        source=str(record.get("source", "")).strip(),
        journal_abbreviation=str(record.get("source", "")).strip(),
        month=str(record.get("pubdate", ""))[5:].strip()[:20],
        year=int(year) if year.isdigit() else None,
        volume=str(record.get("volume", "")),
        issue=str(record.get("issue", "")),
        pages=str(record.get("pages", "")),
        doi=doi,
        pmid=pmid,
        pmcid=pmcid,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        reference_type=reference_type,
        updates=updates,
        found_in="PubMed",
    )
