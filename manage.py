#!/usr/bin/env python
from opencity.cli import main

if __name__ == "__main__":
    main()
