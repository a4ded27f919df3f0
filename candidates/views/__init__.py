"""Views of the candidates app, one module per area."""
