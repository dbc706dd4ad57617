/**
 * How to cite a run: BibTeX for the harness and the two papers it implements. The
 * same entries are in docs/citing.md (a test keeps them identical) and in every
 * report.md and report.html.
 */
export const CITATION_BIBTEX = `@software{rhm_harness,
  title   = {rhm-harness: a verification harness for Random Hierarchy Models and layerwise learning},
  author  = {{The rhm-harness developers}},
  version = {0.1.0},
  license = {MIT},
  note    = {Cite the version and commit recorded in the report you use}
}

@inproceedings{ren2026provable,
  title     = {Provable Learning of Random Hierarchy Models and Hierarchical Shallow-to-Deep Chaining},
  author    = {Ren and Dandi, Yatin and Krzakala, Florent and Lee, Jason D.},
  booktitle = {Conference on Learning Theory (COLT 2026)},
  series    = {Proceedings of Machine Learning Research},
  volume    = {336},
  pages     = {5556--5597},
  year      = {2026},
  eprint    = {2601.19756},
  archivePrefix = {arXiv}
}

@article{cagnetta2024deep,
  title   = {How Deep Neural Networks Learn Compositional Data: The Random Hierarchy Model},
  author  = {Cagnetta, Francesco and Petrini, Leonardo and Tomasini, Umberto M. and Favero, Alessandro and Wyart, Matthieu},
  journal = {Physical Review X},
  volume  = {14},
  pages   = {031001},
  year    = {2024},
  doi     = {10.1103/PhysRevX.14.031001},
  eprint  = {2307.02129},
  archivePrefix = {arXiv}
}
`;

/** One line saying what to cite, shown above the BibTeX. */
export const CITATION_NOTE =
  'Cite the harness (with the version and commit in the provenance above) and the papers whose definitions it implements: [R] Ren, Dandi, Krzakala, Lee (COLT 2026) and [C] Cagnetta, Petrini, Tomasini, Favero, Wyart (PRX 2024).';
