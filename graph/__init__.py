"""councilgraph: a knowledge graph of UK councils, partners, initiatives, programmes and networks.

The package is laid out in rooms that follow the data (tests/test_architecture.py holds them to it):

    ingest -> model -> query -> network -> viz

each importing only from the rooms before it. errors, paths and text (plain-text tables) sit at the
top and may be used by every room; pipeline (the `build` command's steps) runs them all in order.
Nothing heavy is imported here or in a room's __init__, so `councilgraph --help` stays quick.
"""

__version__ = "0.1.0"
