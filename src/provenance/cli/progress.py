"""A progress line on stderr for long imports: count, rate and time left; only on a terminal."""

import sys
import time
from typing import TextIO


class Progress:
    """Redraws one line on stream at most ten times a second; silent unless stream is a terminal."""

    def __init__(self, total: int | None, noun: str, *, enabled: bool, stream: TextIO | None = None
                 ) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.total = total
        self.noun = noun
        self.count = 0
        self.started = time.monotonic()
        self._drawn = 0.0
        self._width = 0

    def advance(self, done: int) -> None:
        """Set how many are done and redraw if it is time to."""
        self.count = done
        now = time.monotonic()
        if self.enabled and now - self._drawn >= 0.1:
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.count / elapsed
        line = f"{self.count}" + (f"/{self.total}" if self.total else "") + f" {self.noun}"
        line += f"  {rate:.1f}/s"
        if self.total and rate > 0:
            left = max(self.total - self.count, 0) / rate
            line += f"  {int(left // 60)}:{int(left % 60):02d} left"
        self.stream.write("\r" + line.ljust(self._width))
        self._width = len(line)
        self.stream.flush()

    def clear(self) -> None:
        """Erase the line, so a message can be printed in its place."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
            self._drawn = 0.0
