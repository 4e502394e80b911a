import sys
from pathlib import Path

# The tests import the service package from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
