"""One renderer per output format; each is a pure function `render(result, ...) -> str`."""
