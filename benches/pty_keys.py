#!/usr/bin/env python3
"""Key-to-screen latency of the real hallway binary in a pseudo-terminal (issue 17, goal 4),
with its first frame and its peak memory.

usage: benches/pty_keys.py BINARY NEEDLE [ARGS...]   (HALLWAY_DATA_DIR must be set)

Spawns BINARY ARGS in a 120x40 pseudo-terminal and waits until NEEDLE (text the first frame
shows, e.g. the conference title) has been written: that is the first frame. Then it sends
each key of KEYS five times, one at a time: the clock starts when the key is written and
stops at the last byte of the frame that answers it (the output is over when nothing more
comes for QUIET seconds; that wait is not counted). Prints per key the median and the worst
time to the first byte and to the last byte, then the peak resident memory of the process
(getrusage of the child, after 'q').
"""
import fcntl, os, pty, select, statistics, struct, sys, termios, time

QUIET = 0.15
# (label, bytes): each sent REPEAT times in turn.
KEYS = [
    ("j", b"j"),
    ("k", b"k"),
    ("G (last session)", b"G"),
    ("g (first session)", b"g"),
    ("l (next day)", b"l"),
    ("h (day before)", b"h"),
    ("n (jump to now)", b"n"),
    ("/ then Esc", None),
]
REPEAT = 5


def read_until_quiet(fd, quiet=QUIET, limit=10.0):
    """Reads until nothing comes for `quiet` seconds; returns (first byte, last byte) times."""
    first = last = None
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        try:
            chunk = os.read(fd, 1 << 20)
        except OSError:
            break
        if not chunk:
            break
        now = time.perf_counter()
        first = first or now
        last = now
    return first, last


def press(fd, key):
    start = time.perf_counter()
    os.write(fd, key)
    first, last = read_until_quiet(fd)
    if first is None:
        return None
    return (first - start) * 1000, (last - start) * 1000


def main():
    binary, needle, *args = sys.argv[1:]
    if not os.environ.get("HALLWAY_DATA_DIR"):
        sys.exit("set HALLWAY_DATA_DIR to a temporary folder first")
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execv(binary, [binary, *args])
    seen = b""
    first_frame = None
    while time.perf_counter() < start + 30:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            seen += os.read(fd, 1 << 20)
            if needle.encode() in seen:
                first_frame = (time.perf_counter() - start) * 1000
                break
    if first_frame is None:
        sys.exit("the first frame never showed " + repr(needle))
    print(f"first frame: {first_frame:.1f} ms")
    # Let the index be built ahead and anything else settle.
    read_until_quiet(fd, quiet=1.0)
    for label, key in KEYS:
        firsts, lasts = [], []
        for _ in range(REPEAT):
            if key is None:
                got = press(fd, b"/")
                press(fd, b"\x1b")
            else:
                got = press(fd, key)
            if got is None:
                continue
            firsts.append(got[0])
            lasts.append(got[1])
        if not lasts:
            print(f"{label:20} no output")
            continue
        print(
            f"{label:20} first byte median {statistics.median(firsts):6.1f} ms, max {max(firsts):6.1f}"
            f" | frame done median {statistics.median(lasts):6.1f} ms, max {max(lasts):6.1f}"
        )
    # 50 queued j's: one write, then the time until the screen is quiet again.
    got = press(fd, b"j" * 50)
    if got:
        print(f"{'50 j queued':20} frame done {got[1]:6.1f} ms")
    os.write(fd, b"q")
    while True:
        try:
            if not os.read(fd, 1 << 20):
                break
        except OSError:
            break
    _, _, usage = os.wait4(pid, 0)
    os.close(fd)
    # ru_maxrss is in KiB on Linux.
    print(f"peak memory: {usage.ru_maxrss / 1024:.1f} MB")


if __name__ == "__main__":
    main()
