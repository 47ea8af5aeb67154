"""Size caps on a graded notebook: no cell keeps more than MAX_CELL_BYTES of anything.

Outputs, metadata, attachments, error names and source all count, so 30 MB smuggled through a cell's
metadata or an exception's name does not reach the autograded notebook, the feedback or the gradebook.
What is cut says so.
"""

import json

MAX_CELL_BYTES = 2 * 2**20
MAX_NOTEBOOK_METADATA_BYTES = 64 * 2**10
CUT = "\n... [cut by the grader: this cell was over {limit:,} bytes] ...\n"


def _size(value):
    return len(json.dumps(value, default=str, ensure_ascii=False).encode())


def _cut_text(text, room, limit):
    text = text if isinstance(text, str) else "".join(text)
    return text if len(text.encode()) <= room else text[: max(room, 0) // 4] + CUT.format(limit=limit)


def cap_output(out, room, limit):
    """`out` cut to about `room` bytes (an error stays an error: it decides the score)."""
    kind = out.get("output_type")
    if kind == "error":
        out["ename"] = str(out.get("ename", "Error"))[:100]
        out["evalue"] = _cut_text(str(out.get("evalue", "")), min(room, 20_000), limit)
        out["traceback"] = [_cut_text(str(line), 2_000, limit) for line in out.get("traceback", [])[-20:]]
        if _size(out) > max(room, 30_000):
            out["traceback"] = [f"{out['ename']}: {out['evalue']}"]
        return out
    if kind == "stream":
        out["text"] = _cut_text(out.get("text", ""), room, limit)
        return out
    out["data"] = {"text/plain": CUT.format(limit=limit).strip()}
    out["metadata"] = {}
    return out


def cap_cell(cell, limit=MAX_CELL_BYTES):
    if _size(cell) <= limit:
        return cell
    metadata = cell.get("metadata", {})
    kept = {key: metadata[key] for key in ("nbgrader", "editable", "deletable", "tags") if key in metadata}
    if _size(kept) > limit // 4:
        kept = {"nbgrader": metadata.get("nbgrader", {})} if _size(metadata.get("nbgrader", {})) < 10_000 else {}
    cell["metadata"] = dict(kept, course_cut="metadata over the size limit was removed")
    cell.pop("attachments", None)
    if "outputs" in cell:
        room, outputs = limit // 2, []
        for out in cell["outputs"]:
            out = cap_output(out, room, limit)
            size = _size(out)
            if size <= room or out.get("output_type") == "error":
                outputs.append(out)
                room -= size
        cell["outputs"] = outputs
    if _size(cell) > limit:
        cell["source"] = _cut_text(cell.get("source", ""), limit // 4, limit)
    return cell


def cap_notebook(nb, limit=MAX_CELL_BYTES):
    for cell in nb.cells:
        cap_cell(cell, limit)
    if _size(nb.metadata) > MAX_NOTEBOOK_METADATA_BYTES:
        keep = {key: nb.metadata[key] for key in ("kernelspec", "language_info") if key in nb.metadata
                and _size(nb.metadata[key]) < 10_000}
        nb.metadata.clear()
        nb.metadata.update(keep, course_cut="notebook metadata over the size limit was removed")
    return nb
