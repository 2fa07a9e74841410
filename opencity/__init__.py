"""OpenCity: an open-government platform for cities and the civil society around them."""

__version__ = "0.1.0"
