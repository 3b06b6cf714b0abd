"""render/filecache.py: what is kept from template files, the oldest forgotten first."""

from xlgen.render.filecache import FileCache


def key(n: int) -> tuple[str, int, int]:
    return (f"/t/{n}.xlsx", n, n)


def test_the_oldest_is_forgotten_first():
    cache: FileCache[str] = FileCache(size=3)
    for n in range(3):
        assert cache.put(key(n), f"v{n}") == f"v{n}"
    cache.put(key(0), "v0 again")  # put again: now the newest
    cache.put(key(3), "v3")
    assert len(cache) == 3
    assert [cache.get(key(n)) for n in range(4)] == ["v0 again", None, "v2", "v3"]


def test_an_edited_template_is_a_new_key():
    cache: FileCache[str] = FileCache()
    cache.put(("/t/a.xlsx", 1, 10), "old")
    assert cache.get(("/t/a.xlsx", 2, 10)) is None and cache.get(("/t/a.xlsx", 1, 10)) == "old"
