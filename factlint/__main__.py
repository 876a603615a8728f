from .cli import entry

if __name__ == "__main__":  # not when a spawned process (a Dask worker) imports the main module again
    entry()
