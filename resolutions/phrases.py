"""Standard opening phrases of resolution clauses (reference/procedure.md §5.3), in English and
Spanish. A committee may accept more (`DraftingSettings`); an unknown phrase is a warning the
author may override, never a block. Pure Python."""

from __future__ import annotations

import unicodedata

PREAMBULAR_EN = """Acknowledging|Affirming|Alarmed by|Approving|Aware of|Bearing in mind|Believing|
Cognizant of|Concerned|Confident|Conscious of|Considering|Contemplating|Convinced|Declaring|
Deeply concerned|Deeply conscious|Deeply convinced|Deeply disturbed|Deeply regretting|Deploring|
Desiring|Determined|Emphasizing|Expecting|Expressing its appreciation|Expressing its concern|
Expressing its satisfaction|Fulfilling|Fully alarmed|Fully aware|Fully believing|
Further deploring|Further recalling|Gravely concerned|Guided by|Having adopted|Having considered|
Having considered further|Having devoted attention|Having examined|Having heard|Having received|
Having reviewed|Having studied|Keeping in mind|Mindful of|Noting|Noting further|
Noting with appreciation|Noting with approval|Noting with deep concern|Noting with regret|
Noting with satisfaction|Observing|Reaffirming|Realizing|Recalling|Recognizing|Referring|
Reiterating|Reminding|Seeking|Stressing|Taking into account|Taking into consideration|Taking note|
Underlining|Viewing with appreciation|Welcoming"""

OPERATIVE_EN = """Accepts|Adopts|Affirms|Approves|Asks|Authorizes|Calls for|Calls upon|Confirms|
Congratulates|Considers|Declares accordingly|Designates|Directs|Draws the attention of|Emphasizes|
Encourages|Endorses|Expresses its appreciation|Expresses its hope|Further invites|
Further proclaims|Further recommends|Further reminds|Further requests|Further resolves|Invites|
Notes|Proclaims|Reaffirms|Recommends|Regrets|Reminds|Requests|Resolves|Seeks|Solemnly affirms|
Stresses|Strongly urges|Suggests|Supports|Takes note of|Transmits|Trusts|Urges"""

PREAMBULAR_ES = """Reconociendo|Afirmando|Alarmada por|Aprobando|Consciente de|Teniendo presente|
Creyendo|Sabedora de|Preocupada|Confiando|Considerando|Contemplando|Convencida|Declarando|
Profundamente preocupada|Profundamente consciente|Profundamente convencida|
Profundamente perturbada|Lamentando profundamente|Deplorando|Deseando|Decidida|Destacando|
Esperando|Expresando su reconocimiento|Expresando su preocupación|Expresando su satisfacción|
Cumpliendo|Plenamente alarmada|Plenamente consciente|Creyendo firmemente|Deplorando además|
Recordando además|Gravemente preocupada|Guiada por|Habiendo adoptado|Habiendo considerado|
Habiendo examinado|Habiendo escuchado|Habiendo recibido|Habiendo estudiado|Observando|
Observando además|Observando con aprecio|Observando con aprobación|
Observando con profunda preocupación|Observando con pesar|Observando con satisfacción|
Reafirmando|Recordando|Refiriéndose a|Reiterando|Buscando|Subrayando|Teniendo en cuenta|
Tomando en consideración|Tomando nota|Acogiendo con beneplácito|Acogiendo con agrado"""

OPERATIVE_ES = """Acepta|Adopta|Afirma|Aprueba|Pide|Autoriza|Exhorta|Insta|Confirma|Felicita|
Considera|Declara|Designa|Dirige|Señala a la atención de|Destaca|Alienta|Respalda|
Expresa su reconocimiento|Expresa su esperanza|Invita además|Proclama además|Recomienda además|
Recuerda además|Solicita además|Resuelve además|Invita|Toma nota|Proclama|Reafirma|Recomienda|
Lamenta|Recuerda|Solicita|Resuelve|Procura|Afirma solemnemente|Subraya|Insta encarecidamente|
Sugiere|Apoya|Transmite|Confía|Exhorta encarecidamente"""

# Security-Council-only in many MUN guides: a committee allows them by listing them as extras.
RESTRICTED = """Condemns|Strongly condemns|Decides|Declares|Deplores|Demands|Condena|
Condena enérgicamente|Decide|Deplora|Exige"""


def _split(block: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in block.replace("\n", "").split("|") if p.strip())


LISTS = {
    "en": {"preambular": _split(PREAMBULAR_EN), "operative": _split(OPERATIVE_EN)},
    "es": {"preambular": _split(PREAMBULAR_ES), "operative": _split(OPERATIVE_ES)},
}


def normalise(phrase: str) -> str:
    """Case, accents and spacing ignored: "  alarmed BY" matches "Alarmed by"."""
    decomposed = unicodedata.normalize("NFKD", phrase.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def phrases_for(kind: str, language: str, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The autocomplete list: the committee's extras first, then the standard list."""
    base = LISTS.get(language[:2], LISTS["en"])[kind]
    seen: set[str] = set()
    out = []
    for phrase in [*extra, *base]:
        key = normalise(phrase)
        if key and key not in seen:
            seen.add(key)
            out.append(phrase)
    return out


def is_known(kind: str, phrase: str, extra: list[str] | tuple[str, ...] = ()) -> bool:
    """Known in either language, or one of the committee's extras."""
    key = normalise(phrase)
    candidates = [*extra, *LISTS["en"][kind], *LISTS["es"][kind]]
    return any(normalise(c) == key for c in candidates)


def suggestions(kind: str, phrase: str, language: str, extra=(), limit: int = 5) -> list[str]:
    """Standard phrases that start like (or contain) what was typed."""
    key = normalise(phrase)
    if not key:
        return []
    pool = phrases_for(kind, language, extra)
    first = [p for p in pool if normalise(p).startswith(key[:4])]
    more = [p for p in pool if key.split()[0][:5] in normalise(p) and p not in first]
    return (first + more)[:limit]
