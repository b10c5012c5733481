#!/usr/bin/env bash
# Save -> served with `todoctl dev`, side by side with `up` (issue #16's budgets). See bench/dev-loop.py.
# Usage: bench/dev-loop.sh [runs] [target...]   (default: 5 runs; local docker)
set -euo pipefail
exec python3 "$(dirname "$0")/dev-loop.py" "$@"
