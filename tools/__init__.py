"""Development tools that build data the package ships; not part of the installed package."""
