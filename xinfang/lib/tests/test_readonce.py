from xinfang.lib.readonce import read_once, reads_kept


def test_a_read_is_made_once_within_reads_kept_and_every_time_outside():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    assert read_once("k", read) == 1 and read_once("k", read) == 2  # outside: every time
    with reads_kept():
        assert read_once("k", read) == 3
        assert read_once("k", read) == 3  # kept
        assert read_once("other", read) == 4  # another key, another read
    assert read_once("k", read) == 5  # nothing outlives the block
