"""Command line: `anchor-console` opens the console; `anchor-console studio` runs the bundled
Studio server on its own."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="anchor-console",
                                     description="Anchor Console (中控台) for live-commerce broadcasts.")
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="interface language (default: system)")
    parser.add_argument("--smoke-test", action="store_true", help="start, show the window, exit 0 (packaging check)")
    sub = parser.add_subparsers(dest="command")
    studio = sub.add_parser("studio", help="run the Studio live-commerce platform server")
    from anchor_console.studio.server import add_arguments

    add_arguments(studio)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.command == "studio":
            from anchor_console.studio.server import run

            return run(args)
        from anchor_console.ui.shell.app import run_app  # Qt is imported only when the console opens

        return run_app(args)
    except KeyboardInterrupt:   # Ctrl+C before the console's own handler is in place (still importing)
        return 130
