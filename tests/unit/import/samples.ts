/**
 * Hand-written import samples in the shapes real tools produce (written for these tests after the
 * formats each tool documents or exports; no third-party file is copied). Each constant notes
 * which tool's output it imitates and what it exercises.
 */

/** arXiv's "Export BibTeX citation" on an abstract page: @misc, eprint + archivePrefix, trailing comma. */
export const BIB_ARXIV = String.raw`@misc{vaswani2023attention,
      title={Attention Is All You Need}, 
      author={Ashish Vaswani and Noam Shazeer and Niki Parmar and Jakob Uszkoreit and Llion Jones and Aidan N. Gomez and Lukasz Kaiser and Illia Polosukhin},
      year={2023},
      eprint={1706.03762},
      archivePrefix={arXiv},
      primaryClass={cs.CL},
      url={https://arxiv.org/abs/1706.03762}, 
}`;

/** Google Scholar's "Cite › BibTeX": "Last, First" names, the id only in `journal`, lower-case title. */
export const BIB_SCHOLAR = String.raw`@article{vaswani2017attention,
  title={Attention is all you need},
  author={Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob and Jones, Llion and Gomez, Aidan N and Kaiser, {\L}ukasz and Polosukhin, Illia},
  journal={arXiv preprint arXiv:1706.03762},
  year={2017}
}`;

/**
 * Zotero's BibTeX export of an arXiv preprint: tabs, braced capitals, `doi` with arXiv's DataCite
 * prefix, `month = may` macro, `note` holding the arXiv id, `keywords` (Zotero tags, one with a
 * comma-free name), `annote` (a child note), `file` attachments.
 */
export const BIB_ZOTERO = [
  '@misc{devlin_bert_2019,',
  '\ttitle = {{BERT}: {Pre}-training of {Deep} {Bidirectional} {Transformers} for {Language} {Understanding}},',
  '\tshorttitle = {{BERT}},',
  '\turl = {http://arxiv.org/abs/1810.04805},',
  '\tdoi = {10.48550/arXiv.1810.04805},',
  '\tabstract = {We introduce a new language representation model called {BERT}, which stands for',
  '\t\tBidirectional Encoder Representations from Transformers.},',
  '\turldate = {2024-01-15},',
  '\tpublisher = {arXiv},',
  '\tauthor = {Devlin, Jacob and Chang, Ming-Wei and Lee, Kenton and Toutanova, Kristina},',
  '\tmonth = may,',
  '\tyear = {2019},',
  '\tnote = {arXiv:1810.04805 [cs]},',
  '\tkeywords = {Computer Science - Computation and Language, To read; NLP},',
  '\tannote = {Comment: 13 pages},',
  '\tfile = {arXiv Fulltext PDF:/home/u/Zotero/storage/ABCD1234/Devlin et al. - 2019.pdf:application/pdf},',
  '}',
].join('\n');

/** DBLP: CoRR with `volume = {abs/…}`, biblatex `eprinttype`, names split over lines. */
export const BIB_DBLP = String.raw`@article{DBLP:journals/corr/abs-2005-14165,
  author       = {Tom B. Brown and
                  Benjamin Mann and
                  Nick Ryder},
  title        = {Language Models are Few-Shot Learners},
  journal      = {CoRR},
  volume       = {abs/2005.14165},
  year         = {2020},
  eprinttype    = {arXiv},
  eprint       = {2005.14165},
  timestamp    = {Wed, 03 Jun 2020 10:55:13 +0200},
  biburl       = {https://dblp.org/rec/journals/corr/abs-2005-14165.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}`;

/** Semantic Scholar: `journal = {ArXiv}`, `volume = {abs/…}` only. */
export const BIB_S2 = String.raw`@article{Gu2023MambaLS,
  title={Mamba: Linear-Time Sequence Modeling with Selective State Spaces},
  author={Albert Gu and Tri Dao},
  journal={ArXiv},
  year={2023},
  volume={abs/2312.00752},
  url={https://api.semanticscholar.org/CorpusID:265551773}
}`;

/**
 * Hand-written biblatex: @string macros, `#` concatenation, quoted values with braces inside,
 * accents in every form, "von Last, First", a braced organisation, `date`, parentheses as entry
 * delimiters, an old-style id, a comment between entries and an @preamble.
 */
export const BIB_HANDWRITTEN = String.raw`% My bibliography
@preamble{ "\newcommand{\noopsort}[1]{}" }
@String{ neurips = "Advances in Neural Information Processing Systems" }
@string{arxiv = {arXiv preprint arXiv:}}

Some free text between entries is a comment, even with an email like me@example.org.

@InProceedings{muller2024,
  Title = "M{\"u}ller's {\'E}tude of {\ss}-Transformers " # "--- Part {II}",
  Author = "M{\"u}ller, J{\"o}rg and {\v{S}}koda, Ond{\v{r}}ej and de la Cruz, Mar{\'\i}a and {Google DeepMind} and others",
  booktitle = neurips,
  journal = arxiv # "2405.01234",
  year = 2024, month = jun,
  date = {2024-06-03},
  keywords = "{Vision, Language}; Robotics",
}

@misc(maldacena1997,
  title = {The Large {$N$} Limit of Superconformal Field Theories and Supergravity},
  author = {Maldacena, Juan Martin},
  eprint = {hep-th/9711200v3},
  archivePrefix = {arXiv},
  year = {1997}
)`;

/** A conference paper with no arXiv id anywhere: reported, skipped. */
export const BIB_NOT_ARXIV = String.raw`@inproceedings{he2016deep,
  title={Deep residual learning for image recognition},
  author={He, Kaiming and Zhang, Xiangyu and Ren, Shaoqing and Sun, Jian},
  booktitle={Proceedings of the IEEE conference on computer vision and pattern recognition},
  pages={770--778},
  year={2016}
}`;

/**
 * Zotero's RIS export of an arXiv preprint: DO with arXiv's DOI, DA with a trailing slash, one KW
 * per tag, two N1 notes as HTML (Zotero writes note HTML there).
 */
export const RIS_ZOTERO = [
  'TY  - GEN',
  'TI  - BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
  'AU  - Devlin, Jacob',
  'AU  - Chang, Ming-Wei',
  'AU  - Lee, Kenton',
  'AU  - Toutanova, Kristina',
  'AB  - We introduce a new language representation model called BERT.',
  'DA  - 2019/05/24/',
  'PY  - 2019',
  'DO  - 10.48550/arXiv.1810.04805',
  'DP  - arXiv.org',
  'PB  - arXiv',
  'ST  - BERT',
  'UR  - http://arxiv.org/abs/1810.04805',
  'Y2  - 2024/01/15/10:00:00',
  'KW  - Computer Science - Computation and Language',
  'KW  - To read, later',
  'N1  - <p>Comment: 13 pages</p>',
  'N1  - <div data-schema-version="8"><p>My <strong>own</strong> note &amp; thoughts</p>',
  '<p>second paragraph &#8212; with a dash</p></div>',
  'ER  - ',
  '',
].join('\r\n');

/** Google Scholar's RIS: T1/A1/JO, the id only in the journal line, year only. */
export const RIS_SCHOLAR = [
  'TY  - JOUR',
  'T1  - Attention is all you need',
  'A1  - Vaswani, Ashish',
  'A1  - Shazeer, Noam',
  'JO  - arXiv preprint arXiv:1706.03762',
  'Y1  - 2017',
  'ER  - ',
  '',
].join('\n');

/** EndNote/Mendeley style: id in AN, a PDF link, N2 abstract, a suffix in a name, one-space dashes. */
export const RIS_ENDNOTE = [
  'TY  - UNPB',
  'T1  - Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
  'A1  - Gu, Albert',
  'A1  - King, Martin Luther, Jr.',
  'N2  - Foundation models, now powering most of the exciting applications',
  'in deep learning, are almost universally based on the Transformer.',
  'AN  - arXiv:2312.00752',
  'L1  - https://arxiv.org/pdf/2312.00752v2.pdf',
  'PY  - 2023///',
  'ER  -',
  '',
].join('\n');

/** A journal article with a DOI that is not arXiv's: reported, skipped. */
export const RIS_NOT_ARXIV = [
  'TY  - JOUR',
  'TI  - Deep learning',
  'AU  - LeCun, Yann',
  'DO  - 10.1038/nature14539',
  'JO  - Nature',
  'ER  - ',
  '',
].join('\n');
