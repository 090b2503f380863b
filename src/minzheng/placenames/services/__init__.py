"""Writes of the place-name app, one module per subject (callers import the module):

    places        categories (add), place names (create, update, rename, pinyin corrections, regenerate), aliases,
                  photos (core.filestore)
    applications  naming and renaming: submit, expert opinion, public consultation, decide (only after the
                  consultation has ended), publish (公告) with the standard-name certificate; the rename flows to the
                  addresses that use the name
    addresses     standard addresses (create, correct, retire), doorplates (QR; issue, correct), the household
                  address matcher and links
    divisions     division changes (`minzheng region change`): plan, dry run, resumable apply; proposals (R-L-31)
    boundaries    lines and segments, markers, joint inspections with findings per marker and rectification,
                  disputes and mediation records
    outlines      a region's own outline (GeoJSON polygon) for the map

Each write is one transaction with the role and scope checks and an audit entry; inputs are validated with
core.validation against placenames.schemas (422 in Chinese, nothing written); a role that may not act is a 403
(checked first), a record outside the caller's region a 404, a state that does not allow it a 409."""
