"""What leaves the clinic in a standard shape: the FHIR R4 export (per patient and whole clinic).

The only app that imports `fhir.resources`. It reads every other app's records and writes
nothing but audit entries; docs/fhir.md says which resources and codes it uses and why.
"""
