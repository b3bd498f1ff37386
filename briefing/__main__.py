"""Entry point for ``python -m briefing`` and the ``briefing`` console script."""

import sys


def main(argv: list[str] | None = None) -> int:
    from briefing.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
