"""An nbconvert execute preprocessor that keeps the results the Deno kernel publishes late.

The Deno kernel (measured with deno 2.9.6) now and then publishes a cell's
``execute_result`` on IOPub just *after* the cell's ``status: idle``. In Deno's source the
result is broadcast by an op on the JavaScript runtime's thread (``op_jupyter_broadcast``,
cli/ops/jupyter.rs) and the idle status by the kernel's server thread
(``handle_shell_message``, cli/tools/jupyter/server.rs), and the two now and then reach the
client in the other order. nbclient stops collecting a cell's outputs at its idle status,
so headless runs (``jupyter nbconvert --execute``) drop such results; frontends that attach
outputs by parent message (JupyterLab) show them. Measured with jupyter_client on an idle
2-core machine: 9 of 150 cells had their result after the idle status, 0.3 to 0.5 ms late;
through nbconvert 6.5.3 / nbclient 0.7.2, 3 to 7 of 80 result cells lost their result.

This preprocessor collects a cell's outputs as nbclient does, then, unless the cell
already has its ``execute_result`` (a cell has at most one), keeps listening for
``late_output_seconds`` for further outputs of the same request. Each output kept that
way is logged (``kept a late execute_result ...``), so the caller can count them.

Use it instead of ``--execute`` (``tests/run_notebooks.ts`` does)::

    PYTHONPATH=tests/jupyter jupyter nbconvert --to notebook \\
      --NotebookExporter.preprocessors=late_results.LateResultsExecutePreprocessor \\
      --LateResultsExecutePreprocessor.enabled=True notebooks/01_techniques.ipynb

``--ExecutePreprocessor.*`` options (timeout, record_timing, ...) apply to it too.
"""

import queue
import time

from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async
from nbconvert.preprocessors import ExecutePreprocessor
from traitlets import Float


class LateResultsExecutePreprocessor(ExecutePreprocessor):
    """ExecutePreprocessor that waits briefly after each cell's idle status for late outputs."""

    late_output_seconds = Float(
        0.5,
        help=(
            "Seconds to keep listening after a cell's idle status for outputs the kernel "
            "publishes late, when the cell has no execute_result yet. Must stay below "
            "iopub_timeout."
        ),
    ).tag(config=True)

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
        if any(output.get("output_type") == "execute_result" for output in cell.outputs):
            return
        idle_at = time.monotonic()
        deadline = idle_at + min(self.late_output_seconds, 0.9 * self.iopub_timeout)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=remaining))
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id or msg["msg_type"] == "status":
                continue
            self.log.info(
                "kept a late %s of cell %s, %.2f ms after its idle status",
                msg["msg_type"],
                cell.get("id", cell_index),
                1000 * (time.monotonic() - idle_at),
            )
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                pass
            if msg["msg_type"] == "execute_result":
                return
