"""Progress of a long management command."""


class Progress:
    """A one-line progress bar on a terminal, one line per file elsewhere."""

    WIDTH = 24

    def __init__(self, stream, total: int, enabled: bool):
        self.stream, self.total, self.enabled = stream, total, enabled
        self.done = 0
        self.live = enabled and stream.isatty()

    def step(self, name: str, count: int = 1) -> None:
        if not self.enabled:
            return
        self.done += count
        filled = self.WIDTH * self.done // self.total
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        line = f"[{bar}] {self.done}/{self.total} {name}"
        if self.live:
            self.stream.write(f"\r\033[K{line}", ending="")
            self.stream.flush()
        else:
            self.stream.write(line)

    def finish(self) -> None:
        if self.live:
            self.stream.write("")
