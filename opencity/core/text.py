"""Text helpers shared by the importers and the search: folding, slugs, transliteration."""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

# Ukrainian national romanisation (Cabinet of Ministers resolution No. 55 of 27 January 2010).
# The second value is used at the start of a word.
_UKRAINIAN_LETTERS: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"),
    "д": ("d", "d"), "е": ("e", "e"), "є": ("ie", "ye"), "ж": ("zh", "zh"), "з": ("z", "z"),
    "и": ("y", "y"), "і": ("i", "i"), "ї": ("i", "yi"), "й": ("i", "y"), "к": ("k", "k"),
    "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"), "о": ("o", "o"), "п": ("p", "p"),
    "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"), "ф": ("f", "f"),
    "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"),
    "щ": ("shch", "shch"), "ь": ("", ""), "ю": ("iu", "yu"), "я": ("ia", "ya"),
    "’": ("", ""), "'": ("", ""), "ʼ": ("", ""),
}  # fmt: skip


def transliterate_ukrainian(text: str) -> str:
    """Romanise Ukrainian text by the official 2010 table ("Київ" -> "Kyiv")."""
    result: list[str] = []
    previous = ""
    for position, char in enumerate(text):
        lower = char.lower()
        if lower not in _UKRAINIAN_LETTERS:
            result.append(char)
            previous = char
            continue
        at_word_start = position == 0 or not previous.isalpha() and previous not in "’'ʼ"
        latin = _UKRAINIAN_LETTERS[lower][1 if at_word_start else 0]
        # "зг" is written "zgh" to tell it apart from "ж" (zh).
        if lower == "г" and previous.lower() == "з":
            latin = "gh"
        if char.isupper() and latin:
            next_char = text[position + 1] if position + 1 < len(text) else ""
            latin = latin.upper() if next_char.isupper() else latin.capitalize()
        result.append(latin)
        previous = char
    return "".join(result)


_ROMANIAN_LOWER_WORDS = {"de", "din", "pe", "la", "lui", "cu", "sub", "și"}


def romanian_title(name: str) -> str:
    """Spell an upper-case SIRUTA name the usual way ("BAIA DE ARIEȘ" -> "Baia de Arieș")."""
    words = name.strip().lower().split()
    titled: list[str] = []
    for index, word in enumerate(words):
        if index > 0 and word in _ROMANIAN_LOWER_WORDS:
            titled.append(word)
        else:
            # Capitalise after hyphens and after the dots of initials ("C.A. ROSETTI").
            titled.append(re.sub(r"(^|[-.])(\w)", lambda m: m.group(1) + m.group(2).upper(), word))
    return " ".join(titled)


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_key(text: str) -> str:
    """Case-folded, diacritic-free, punctuation-free form used for searching names.

    Ukrainian "й" and "ї" decompose to "и" and "і" plus a combining mark, so they fold the same way
    in the stored names and in what people type.
    """
    folded = strip_diacritics(text.casefold()).replace("’", "").replace("'", "")
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def latin_slug(text: str, fallback: str = "place") -> str:
    """A URL slug in Latin letters for a name in any of the supported scripts."""
    return slugify(strip_diacritics(transliterate_ukrainian(text))) or fallback
