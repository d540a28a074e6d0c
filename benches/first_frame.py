#!/usr/bin/env python3
"""Time from launching hallway to its first frame on screen, in a pseudo-terminal.

usage: benches/first_frame.py BINARY NEEDLE [ARGS...]   (runs 20 times, prints min/median/max)

NEEDLE is text the first frame shows (the conference title). The clock starts before the
process is spawned and stops when NEEDLE has been written to the terminal; then hallway is
told to quit with 'q'.
"""
import fcntl, os, pty, select, statistics, struct, sys, termios, time

def once(binary, needle, args):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        # A 120x40 terminal, as the snapshot tests use.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execv(binary, [binary, *args])
    seen = b""
    elapsed = None
    deadline = start + 10
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen += chunk
        if needle.encode() in seen:
            elapsed = time.perf_counter() - start
            break
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed

def main():
    binary, needle, *args = sys.argv[1:]
    times = [once(binary, needle, args) for _ in range(20)]
    if any(t is None for t in times):
        sys.exit("the first frame never showed " + repr(needle))
    ms = sorted(t * 1000 for t in times)
    print(f"first frame: min {ms[0]:.1f} ms, median {statistics.median(ms):.1f} ms, max {ms[-1]:.1f} ms")

if __name__ == "__main__":
    main()
