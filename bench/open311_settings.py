"""Settings for bench/open311_load.py: the platform's own settings (run with OPENCITY_ENV=production
and DEBUG off by the script), with the Open311 rate limits raised far above what a load test
sends, so that they are still counted on every request but never refuse one."""

from opencity.settings import *  # noqa: F403

OPENCITY_RATE_LIMITS = {
    "feedback_api_key": 100_000_000,
    "open311_submit_address": 100_000_000,
    "open311_read_address": 100_000_000,
}
