"""Names vulture cannot see being used: read by a library, by name, or as data. Each says why.

`make lint` runs vulture with this file among its paths ([tool.vulture] in pyproject.toml).
"""

# ruff: noqa: B018
from typing import Any

_: Any = None

# Pydantic fields that are part of a stored or printed shape (JSON Resume, the ATS report's JSON).
_.years_required, _.years_in_cv  # app/ats/report.py: `altoc ats --format json`
_.postalCode, _.lastModified, _.schema_  # app/cv/model.py: JSON Resume fields kept through edits
_.volunteer, _.awards, _.certificates, _.publications, _.interests  # Resume sections, read through SECTIONS
_.rss_with_postgres  # bench/serve_startup.py: read by name in the printed medians
_.talks  # tests/app/cv/test_sections.py: the test-only section's field
_.nice_to_have, _.more_findings  # app/ats/card.py: the card's props, read by key (AtsReport.jsx, Telegram)

# Set on objects a library reads: python-docx, python-telegram-bot, Chainlit, Socket.IO, http.server.
_.page_height, _.page_width, _.top_margin, _.bottom_margin, _.keep_with_next  # python-docx section/paragraph
_.alignment  # app/render/letter.py: the letter date set right in the DOCX (python-docx)
_.post_init, _.post_shutdown  # telegram.ext.Application hooks
_.max_http_buffer_size  # python-engineio server
_.protocol_version, _.disable_nagle_algorithm, _.daemon_threads, _.close_connection  # http.server
_.__qualname__  # tools/cv_tools.py: the generated tools' names
_.should_exit  # tests/stripe_deliveries.py: uvicorn.Server stops serving when it is set

# Methods a library calls on our subclasses.
_.fetch  # weasyprint.urls.URLFetcher
_.do_process_update  # telegram.ext.BaseUpdateProcessor

# Called by name in a child process (app/sandbox.py run_limited("module:function")).
_.check_json_document, _.read_document  # app/uploads.py
_.read_in_worker  # app/imports/service.py
_.allocate, _.spin  # tests/app/test_sandbox.py

# tests/cliprocess.py: the helper's entry point (run by name), and subprocess.Popen's hooks it overrides.
_._serve, _._execute_child, _._internal_poll, _._wait, _._child_created, _._closed_child_pipe_fds

# Registered on a registry under test, never called directly.
_.retitle  # tests/app/assistant/agent/test_tool_offer.py

# Parameters and attributes Chainlit passes, reads or calls on what we give it.
_.id_token  # channels/web/auth.py: the OAuth callback's signature
_.content_disposition, _.delete_file  # channels/web/history.py: Chainlit's storage client interface
_.async_session, _.threadId, _.is_error  # Chainlit's data layer and Step objects
_.user_env, _.chat_settings, _.chat_profile, _.http_referer, _.client_type, _.has_first_interaction  # its session
