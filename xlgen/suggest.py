"""Did-you-mean over a vocabulary, bounded: each distinct name is looked up once.

``difflib.get_close_matches`` compares a name with every word of the vocabulary; called for
each of 8,000 indicator rows against 1,000 project names it took minutes. A
:class:`Suggester` normalises names (NFKC, no whitespace, case-folded), remembers every
answer, and runs difflib only over the few words sharing the most character pairs with the
name.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from .invisible import visible

CANDIDATES = 10  # words compared in full with difflib, at most, per distinct name
SMALL = 200  # a vocabulary this small is compared in full (field names, codes, variables)
RARE_GRAMS = 8  # character pairs of a name used to find those candidates


# Quotes and dashes as compared: Word's “智慧” is the "智慧" typed elsewhere
_SAME_MARKS = str.maketrans({**dict.fromkeys("“”„‟〝〞", '"'), **dict.fromkeys("‘’‚‛", "'"),
                             **dict.fromkeys("‐‑‒–—―−", "-")})
_MARKS_RE = re.compile("[" + "".join(map(chr, _SAME_MARKS)) + "]")


def normalise(text: str) -> str:
    """``text`` as compared: NFKC (full-width → half-width), no whitespace nor zero-width
    character, Chinese quotes and dashes as plain ones, case-folded."""
    text = unicodedata.normalize("NFKC", visible(text))
    if _MARKS_RE.search(text):  # (translate looks up every character: most names hold none)
        text = text.translate(_SAME_MARKS)
    return "".join(text.split()).casefold()


def _grams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


class Suggester:
    """The word of a vocabulary nearest to a name, for a "是否应为…？" hint."""

    def __init__(self, vocabulary: Iterable[str], cutoff: float = 0.6):
        self.cutoff = cutoff
        self._words: dict[str, str] = {}  # normalised → first original spelling
        for word in vocabulary:
            if word:
                self._words.setdefault(normalise(word), word)
        self._index: dict[str, list[str]] | None = None  # made at the first look-up needing it
        self._memo: dict[str, str | None] = {}

    def _pairs(self) -> dict[str, list[str]]:
        """Character pair → the words holding it (most runs never need it: no unknown name)."""
        if self._index is None:
            self._index = defaultdict(list)
            for key in self._words:
                for gram in _grams(key):
                    self._index[gram].append(key)
        return self._index

    def __contains__(self, name: str) -> bool:
        return normalise(name) in self._words

    def exact(self, name: str) -> str | None:
        """The vocabulary's spelling of ``name`` when they differ only by width or spaces."""
        return self._words.get(normalise(name))

    def suggest(self, name: str) -> str | None:
        """The nearest word (its original spelling), or None when none is near enough."""
        key = normalise(name)
        if key in self._memo:
            return self._memo[key]
        found = self._words.get(key)
        if found is None and key:
            pool = list(self._words) if len(self._words) <= SMALL else []
            if not pool:
                # The rarest pairs tell names apart; common ones (项目, 经费) only cost time.
                index = self._pairs()
                postings = sorted((index[g] for g in _grams(key) if g in index),
                                  key=len)[:RARE_GRAMS]
                shared: Counter[str] = Counter()
                for words in postings:
                    shared.update(words)
                pool = [word for word, _ in shared.most_common(CANDIDATES)]
            near = difflib.get_close_matches(key, pool, n=1, cutoff=self.cutoff)
            found = self._words[near[0]] if near else None
        self._memo[key] = found
        return found


def did_you_mean(name: str, vocabulary: Iterable[str], cutoff: float = 0.6) -> str | None:
    """One-off :meth:`Suggester.suggest` (small vocabularies: template variables, codes)."""
    return Suggester(vocabulary, cutoff).suggest(name)


__all__ = ["CANDIDATES", "RARE_GRAMS", "SMALL", "Suggester", "did_you_mean", "normalise"]
