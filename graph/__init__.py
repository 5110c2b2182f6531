"""councilgraph: a knowledge graph of UK councils, partners, initiatives, programmes and networks."""
__version__ = "0.1.0"
