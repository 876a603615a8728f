"""factlint's views of a whole article: the annotated article (`view`, shared by the HTML report and
`factlint serve`), its stylesheet and scripts (package files under `static/`), and the local web app
(`app`, which alone imports Flask).

Importing this package or `factlint.web.view` never imports Flask: `factlint check --format html`
stays as quick to start as the other formats.
"""
