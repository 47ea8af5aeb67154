"""A progress bar for training loops: a widget in a notebook, a line of text elsewhere."""

import sys
import time


def _in_notebook():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


class Progress:
    """Show how far a loop has come, with a short status text.

        bar = Progress(total=500, description="training")
        for step in range(500):
            ...
            bar.update(step + 1, f"loss {loss:.3f}")
        bar.close()
    """

    def __init__(self, total, description="", show=True):
        self.total, self.description, self.start = int(total), description, time.perf_counter()
        self.widget = None
        self.show = show
        self._last_text = 0.0
        if show and _in_notebook():
            import ipywidgets
            from IPython.display import display

            self.bar = ipywidgets.IntProgress(value=0, min=0, max=self.total, description=description)
            self.label = ipywidgets.Label()
            self.widget = ipywidgets.HBox([self.bar, self.label])
            display(self.widget)

    def update(self, done, status=""):
        elapsed = time.perf_counter() - self.start
        text = f"{done}/{self.total} {status} ({elapsed:.1f} s)"
        if not self.show:
            return
        if self.widget is not None:
            self.bar.value, self.label.value = done, text
        elif done == self.total or elapsed - self._last_text > 1.0:
            self._last_text = elapsed
            print(f"\r{self.description} {text}", end="", file=sys.stderr, flush=True)

    def close(self, status=""):
        elapsed = time.perf_counter() - self.start
        if self.show:
            if self.widget is not None:
                self.bar.bar_style = "success"
            # The final line is plain text too, so it stays readable where widgets do not render.
            print(f"{self.description}: done in {elapsed:.1f} s {status}".rstrip())
        return elapsed
