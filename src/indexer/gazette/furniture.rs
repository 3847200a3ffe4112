//! Page furniture, per publication, as data: the lines a publication's PDF
//! prints on every page (running header, QR-code captions, motto) that are
//! not text. Only an issue detected as that publication's loses them.

/// Page furniture of one publication's PDF: lines that are not text
/// (compared without whitespace). Kept as data, one row per publication;
/// only a file detected as that publication's issue loses them.
pub struct Furniture {
    /// The publication, as its cover names it (`吕梁市人民政府公报`).
    pub publication: &'static str,
    /// Whole lines to drop, besides the publication's name (the running
    /// header) and bare page numbers (1–3 digits).
    pub lines: &'static [&'static str],
}

/// The publications whose furniture is known.
pub const PUBLICATIONS: &[Furniture] = &[Furniture {
    publication: "吕梁市人民政府公报",
    lines: &[
        // The captions printed under the QR codes next to each document's 咨询与解读 block.
        "政策解读",
        "扫码咨询",
        "扫码阅读",
        "掌上公报扫码阅读",
        // The gazette's motto, printed on the covers (the back cover follows the last document).
        "传达政令公开信息",
        "指导工作服务社会",
        "传达政令公开信息指导工作服务社会",
    ],
}];

/// What to drop from one issue's text: its own name (the running header) and
/// bare page numbers always, plus the known furniture of its publication.
pub(super) struct Strip<'a> {
    name: &'a str,
    lines: &'static [&'static str],
}

impl Strip<'_> {
    pub(super) fn of(name: &str) -> Strip<'_> {
        let lines = PUBLICATIONS
            .iter()
            .find(|p| p.publication == name)
            .map_or(&[][..], |p| p.lines);
        Strip { name, lines }
    }

    pub(super) fn drops(&self, compacted: &str) -> bool {
        compacted == self.name
            || self.lines.contains(&compacted)
            || (compacted.len() <= 3 && compacted.bytes().all(|b| b.is_ascii_digit()))
    }
}
