use super::toc::{match_key, parse_toc_entry};
use super::*;
use crate::indexer::pdftext::strip_enumerator;

const ISSUE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/index/lvliang-gazette-2022-03.txt"
));
const SOURCE: &str = "lvliang-gazette-2022-03.txt";

const GOV: &str = "吕梁市人民政府";
const OFFICE: &str = "吕梁市人民政府办公室";
const CITY: &str = "市政府文件";
const CITY_OFFICE: &str = "市政府办公室文件";

/// (文号, page, issuer, date, category, title), checked by hand: 文号, page,
/// section and title from the 目录; issuer and date from each document's
/// signature (the lines before `（此件公开发布）`).
#[rustfmt::skip]
const DOCS: &[(&str, u32, &str, &str, &str, &str)] = &[
    ("吕政发〔2022〕1号", 1, GOV, "2022-05-07", CITY, "吕梁市人民政府关于印发吕梁市2022年安全生产工作行动方案的通知"),
    ("吕政发〔2022〕3号", 25, GOV, "2022-04-15", CITY, "吕梁市人民政府关于印发吕梁市全民健身实施计划（2021—2025年）的通知"),
    ("吕政发〔2022〕4号", 31, GOV, "2022-04-21", CITY, "吕梁市人民政府关于收回吕梁市离石区供销合作社联合社国有建设用地使用权的决定"),
    ("吕政发〔2022〕5号", 32, GOV, "2022-04-21", CITY, "吕梁市人民政府关于收回吕梁市机关事务服务中心国有建设用地使用权的决定"),
    ("吕政发〔2022〕6号", 33, GOV, "2022-04-28", CITY, "吕梁市人民政府关于印发吕梁市全民科学素质行动规划纲要实施方案（2021—2025年）的通知"),
    ("吕政函〔2022〕13号", 46, GOV, "2022-04-28", CITY, "吕梁市人民政府关于调整吕梁新区BS-04-01 BS-04-03等七个地块控制性详细规划的批复"),
    ("吕政函〔2022〕14号", 47, GOV, "2022-04-28", CITY, "吕梁市人民政府关于调整吕梁市主城区N-11-02地块控制性详细规划的批复"),
    ("吕政办发〔2022〕15号", 48, OFFICE, "2022-04-18", CITY_OFFICE, "吕梁市人民政府办公室关于印发吕梁市属国有企业招聘人员管理暂行办法的通知"),
    ("吕政办发〔2022〕16号", 50, OFFICE, "2022-04-22", CITY_OFFICE, "吕梁市人民政府办公室关于印发吕梁市氢能产业发展2022年行动计划的通知"),
    ("吕政办发〔2022〕17号", 61, OFFICE, "2022-04-24", CITY_OFFICE, "吕梁市人民政府办公室关于印发吕梁市2022年度农业生产托管行动方案的通知"),
    ("吕政办发〔2022〕18号", 70, OFFICE, "2022-04-27", CITY_OFFICE, "吕梁市人民政府办公室关于印发吕梁市助企纾困推动经济社会平稳健康发展扶持措施的通知"),
    ("吕政办发〔2022〕19号", 73, OFFICE, "2022-04-29", CITY_OFFICE, "吕梁市人民政府办公室关于印发吕梁市推进海绵城市建设管理实施方案的通知"),
    ("吕政办发〔2022〕20号", 79, OFFICE, "2022-04-29", CITY_OFFICE, "吕梁市人民政府办公室关于印发吕梁市创建国家森林城市2022年度工作方案的通知"),
    ("吕政办发〔2022〕22号", 88, OFFICE, "2022-05-04", CITY_OFFICE, "吕梁市人民政府办公室关于印发吕梁市大数据产业发展2022年行动方案通知"),
    ("吕政办发〔2022〕23号", 94, OFFICE, "2022-05-07", CITY_OFFICE, "吕梁市人民政府办公室关于印发2022年市级重点工程项目名单的通知"),
    ("吕政办发〔2022〕24号", 107, OFFICE, "2022-05-09", CITY_OFFICE, "吕梁市人民政府办公室关于印发对县（市、区）人民政府履行教育职责的考评办法的通知"),
    ("吕政办发〔2022〕28号", 113, OFFICE, "2022-05-14", CITY_OFFICE, "吕梁市人民政府办公室关于在全市建设领域实施安全生产责任保险的通知"),
    ("吕政办发〔2022〕29号", 116, OFFICE, "2022-05-20", CITY_OFFICE, "吕梁市人民政府办公室关于印发吕梁市惠企政策兑现综合服务平台推广应用行动方案的通知"),
    ("吕政办发〔2022〕30号", 120, OFFICE, "2022-05-31", CITY_OFFICE, "吕梁市人民政府办公室关于印发推进吕梁山护工培训就业“三转五化”实施方案的通知"),
    ("吕政办发〔2022〕31号", 127, OFFICE, "2022-06-02", CITY_OFFICE, "吕梁市人民政府办公室关于印发吕梁市水资源管理办法(试行)的通知"),
    ("吕政办发〔2022〕32号", 133, OFFICE, "2022-06-02", CITY_OFFICE, "吕梁市人民政府办公室关于印发吕梁市2022年政务公开工作要点的通知"),
    ("吕政办函〔2022〕8号", 138, OFFICE, "2022-04-15", CITY_OFFICE, "吕梁市人民政府办公室关于下达2022年度林草生态建设生产任务的通知"),
    ("吕政办函〔2022〕9号", 141, OFFICE, "2022-04-15", CITY_OFFICE, "吕梁市人民政府办公室关于成立吕梁市国土空间规划委员会的通知"),
    ("吕政办函〔2022〕12号", 142, OFFICE, "2022-04-20", CITY_OFFICE, "吕梁市人民政府办公室关于认真做好住户调查大样本轮换工作的通知"),
    ("吕政办函〔2022〕14号", 145, OFFICE, "2022-04-21", CITY_OFFICE, "吕梁市人民政府办公室关于表扬2021年度银行业金融机构支持地方经济发展先进单位的通报"),
    ("吕政办函〔2022〕15号", 146, OFFICE, "2022-04-29", CITY_OFFICE, "吕梁市人民政府办公室关于对中心城区在建违法建设采取立即处置措施的批复"),
    ("吕政办函〔2022〕17号", 147, OFFICE, "2022-05-10", CITY_OFFICE, "吕梁市人民政府办公室关于进一步加强基层消防力量建设的通知"),
];

fn docs() -> Vec<Document> {
    split(ISSUE, SOURCE).expect("the real issue splits")
}

fn doc<'a>(docs: &'a [Document], number: &str) -> &'a Document {
    docs.iter()
        .find(|d| d.doc_number == number)
        .unwrap_or_else(|| panic!("{number} missing"))
}

fn han(s: &str) -> String {
    s.chars().filter(|&c| is_han(c)).collect()
}

#[test]
fn recovers_all_27_documents_in_toc_order() {
    let docs = docs();
    let got: Vec<_> = docs
        .iter()
        .map(|d| {
            (
                d.doc_number.as_str(),
                d.page,
                d.issuer.as_str(),
                d.date.as_str(),
                d.category.as_str(),
                d.title.as_str(),
            )
        })
        .collect();
    assert_eq!(got.len(), 27);
    for (g, w) in got.iter().zip(DOCS) {
        assert_eq!(g, w);
    }
    for d in &docs {
        assert_eq!(d.source, SOURCE);
        // The issuer in the signature is the one in the title.
        assert!(
            d.title.starts_with(&format!("{}关于", d.issuer)),
            "{}",
            d.doc_number
        );
    }
}

#[test]
fn specific_documents_are_the_right_ones() {
    let docs = docs();
    let h = doc(&docs, "吕政办发〔2022〕16号");
    assert_eq!(h.page, 50);
    assert!(h.title.contains("氢能") && h.body.contains("氢能重卡"));
    assert!(doc(&docs, "吕政办发〔2022〕30号")
        .body
        .contains("吕梁山护工培训"));
    let a = doc(&docs, "吕政函〔2022〕14号");
    let b = doc(&docs, "吕政办函〔2022〕14号");
    assert!(a.title.contains("N-11-02地块") && a.body.contains("N-11-02"));
    assert!(b.title.contains("银行业金融机构") && b.title.ends_with("通报"));
    assert!(!a.body.contains("银行业金融机构") && !b.body.contains("N-11-02"));
}

/// The body starts with the document's own title and 文号 line as printed.
#[test]
fn body_starts_with_title_and_number() {
    for d in docs() {
        let mut paras = d.body.split('\n');
        let title = paras.next().unwrap_or_default();
        assert_eq!(match_key(title), match_key(&d.title), "{}", d.doc_number);
        let number = paras.next().and_then(docnum::parse).map(|n| n.canonical());
        assert_eq!(number.as_deref(), Some(d.doc_number.as_str()));
    }
}

/// Every Han character after the table of contents is in exactly one body,
/// in order, except the page furniture: the Han text of the issue after the
/// TOC (furniture lines removed) equals the Han text of the bodies
/// concatenated. Order matters too, which a multiset would not check.
#[test]
fn no_text_lost_or_duplicated() {
    let toc_end = ISSUE
        .find("(吕政办函〔2022〕17号)")
        .expect("last TOC entry");
    let after_toc = &ISSUE[toc_end..];
    let after_toc = &after_toc[after_toc.find('\n').unwrap()..];
    let furniture = ["政策解读", "扫码咨询", "传达政令公开信息指导工作服务社会"];
    let expected: String = after_toc
        .lines()
        .filter(|l| !furniture.contains(&compact(l).as_str()))
        .map(han)
        .collect();
    let got: String = docs().iter().map(|d| han(&d.body)).collect();
    assert_eq!(got.chars().count(), expected.chars().count());
    assert!(got == expected, "bodies differ from the source text");
    // And the furniture really is there to drop: 13 `政策解读` and 7 `扫码咨询`
    // QR captions (counted with grep; 7 of the 27 咨询与解读 blocks lost theirs
    // in the extraction), and the back-cover motto.
    let dropped = after_toc
        .lines()
        .filter(|l| furniture.contains(&compact(l).as_str()))
        .count();
    assert_eq!(dropped, 21);
}

#[test]
fn bodies_are_repaired() {
    let docs = docs();
    for d in &docs {
        let b: Vec<char> = d.body.chars().collect();
        for w in b.windows(3) {
            assert!(
                !(is_han(w[0]) && (w[1] == ' ' || w[1] == '\t') && is_han(w[2])),
                "{}: space in {:?}",
                d.doc_number,
                w
            );
        }
        for w in b.windows(2) {
            assert!(
                !(w[0].is_whitespace() && w[1].is_whitespace()),
                "{}: double whitespace",
                d.doc_number
            );
        }
        // A line break between two Han chars is a paragraph break only
        // after a short line: a heading, title, signature or list item (or
        // a table row). A long paragraph never ends mid-sentence.
        let paras: Vec<&str> = d.body.split('\n').collect();
        for p in paras.windows(2) {
            let (a, b) = (p[0], p[1]);
            let (Some(x), Some(y)) = (a.chars().last(), b.chars().next()) else {
                panic!("{}: empty paragraph", d.doc_number)
            };
            if is_han(x) && is_han(y) && !a.contains(" | ") && !b.contains(" | ") {
                let ok = a.chars().count() <= 30
                    || docnum::parse(b).is_some()
                    || b == "咨询与解读"
                    || strip_enumerator(b).is_some();
                assert!(ok, "{}: {a:?} / {b:?}", d.doc_number);
            }
        }
        for f in ["扫码阅读", "扫码咨询", "政策解读\n", "<p>", "\\geq", "^{"] {
            assert!(!d.body.contains(f), "{}: furniture {f:?}", d.doc_number);
        }
        assert!(d.body.contains("咨询与解读"), "{}", d.doc_number);
    }
    let bs = doc(&docs, "吕政函〔2022〕13号");
    assert!(bs.body.contains("吕梁新区BS-04-01 BS-04-03等七个地块"));
    // `通 知` on a line of its own in the printed title.
    assert!(doc(&docs, "吕政办发〔2022〕23号")
        .body
        .starts_with("吕梁市人民政府办公室关于印发2022年市级重点工程项目名单的通知\n"));
    assert!(doc(&docs, "吕政办函〔2022〕8号")
        .body
        .starts_with("吕梁市人民政府办公室关于下达2022年度林草生态建设生产任务的通知\n"));
}

/// Snippets that the PDF breaks across pages (`生\n\n产`) or lines.
#[test]
fn page_breaks_are_joined() {
    let docs = docs();
    let one = &doc(&docs, "吕政发〔2022〕1号").body;
    for s in [
        "每月至少召开一次安全生产工作会议",       // 安全生 / 产工作会议
        "主要负责人作为第一责任人对本单位",       // 作为 / 第一责任人
        "（责任单位：市应急局、市自然资源局",     // 市自 / 然资源局
        "规章禁止或限制的安全生产行为",           // 禁止 / 或限制
        "城镇污水处理等行业领域也要结合实际",     // a short line before the break
        "（四）坚持依法行政，提升安全监管能力。", // a heading broken before its last word
    ] {
        assert!(one.contains(s), "吕政发〔2022〕1号 lacks {s:?}");
    }
    assert!(
        one.contains("\n一、总体要求\n2022年，全市安全生产工作"),
        "headings stay paragraphs"
    );
    let four = &doc(&docs, "吕政发〔2022〕4号").body; // a narrow column: every line wraps
    assert!(four.contains(
        "一、收回你公司位于吕梁市离石区永宁中路的国有建设用地使用权，面积为513.05平方米。"
    ));
    assert!(four.contains("X1=4153957.597, Y1=37512342.575;\nX2=4153956.613"));
    let regs = &doc(&docs, "吕政办发〔2022〕15号").body;
    assert!(regs.contains("第九条市属国有企业之间人员流动，或引进"));
    let fire = &doc(&docs, "吕政办函〔2022〕17号").body;
    assert!(fire.contains("按照《中华人民共和国消防法》《山西省消防条例》"));
    let list = &doc(&docs, "吕政办发〔2022〕19号").body;
    assert!(
        list.contains("\n副组长：油晓峰市政府副市长\n王建强市政府秘书长\n"),
        "list items stay apart"
    );
}

#[test]
fn tables_stay_rows() {
    let docs = docs();
    let projects = &doc(&docs, "吕政办发〔2022〕23号").body;
    assert!(
        projects.contains("\n序号 | 项目名称 | 项目单位 | 建设地点 | 总投资 | 2022年计划投资\n")
    );
    let committee = &doc(&docs, "吕政办函〔2022〕9号").body;
    assert!(committee.contains("\n主任： | 张广勇 | 市政府市长\n"));
    assert!(!committee.contains("|---"));
}

#[test]
fn repair_text_cases() {
    #[rustfmt::skip]
    let cases: &[(&str, &str)] = &[
        ("", ""),
        ("\n\n  \n", ""),
        // Spaces next to Han go, between Latin tokens they stay.
        ("通 知", "通知"),
        ("咨 询 与 解 读", "咨询与解读"),
        ("吕梁市 2022 年安全生产", "吕梁市2022年安全生产"),
        ("吕梁新区 BS-04-01 BS-04-03 等七个地块", "吕梁新区BS-04-01 BS-04-03等七个地块"),
        ("X1=4153957.597,   Y1=37512342.575;", "X1=4153957.597, Y1=37512342.575;"),
        ("计划 (2021—2025 年)", "计划(2021—2025年)"),
        ("\u{3000}\u{3000}各县（市、区）人民政府：", "各县（市、区）人民政府："),
        // Page breaks inside a sentence.
        ("市、县政府每月至少召开一次安全生\n\n产工作会议。", "市、县政府每月至少召开一次安全生产工作会议。"),
        ("开展专项整治，市\n\n区政府落实。", "开展专项整治，市区政府落实。"),
        ("（四）坚持依法行政，提升安全监管\n\n能力。", "（四）坚持依法行政，提升安全监管能力。"),
        ("特种设备、文化旅游、城镇污水处理\n\n等行业领域也要结合实际开展专项整治。", "特种设备、文化旅游、城镇污水处理等行业领域也要结合实际开展专项整治。"),
        ("RX—（SC2022—\n004）号为准。", "RX—（SC2022—004）号为准。"),
        ("the quick\nbrown fox", "the quick brown fox"),
        // Real paragraph breaks stay.
        ("第一句。\n\n第二句。", "第一句。\n第二句。"),
        ("一、总体要求\n\n2022 年，全市", "一、总体要求\n2022年，全市"),
        ("一、背景和意义\n\n我市全民科学素质建设", "一、背景和意义\n我市全民科学素质建设"),
        ("吕梁市人民政府\n\n2022 年 5 月 7 日\n\n（此件公开发布）", "吕梁市人民政府\n2022年5月7日\n（此件公开发布）"),
        ("配合单位：市发改委、市水利局\n\n2. 推进山西美锦", "配合单位：市发改委、市水利局\n2.推进山西美锦"),
        ("完成时限：2022 年 6 月\n\n责任单位：孝义市氢能专班", "完成时限：2022年6月\n责任单位：孝义市氢能专班"),
        ("附表：重点任务分工\n\n附件\n\n重点任务分工", "附表：重点任务分工\n附件\n重点任务分工"),
        ("副组长：油晓峰 市政府副市长\n王建强 市政府秘书长", "副组长：油晓峰市政府副市长\n王建强市政府秘书长"),
        ("宗地坐标\n如下：", "宗地坐标如下："),
        // Furniture and markup.
        ("咨询电话：8228066\n\n\n\n政策解读\n\n吕梁市", "咨询电话：8228066\n吕梁市"),
        ("市、县政府每月至少召开一次安全生\n\n扫码咨询\n\n产工作会议。", "市、县政府每月至少召开一次安全生产工作会议。"),
        ("第一句。\n\n12\n\n第二句。", "第一句。\n第二句。"),
        ("10\t做好重点灾种防范\t水旱灾害\t<p>严格落实河长制</p>", "10 | 做好重点灾种防范 | 水旱灾害 | 严格落实河长制"),
        ("| 主任： | 张广勇 | 市政府市长 |\n|------|-----|---|", "主任： | 张广勇 | 市政府市长"),
        ("岚 县\t6 ^{hm²}\t\t35Km", "岚县 | 6 hm² | 35Km"),
        ("选净率 \\geq 99.9%", "选净率≥ 99.9%"),
        ("- 附件：1. 吕梁市制氢与储运建设项目清单\n2. 吕梁市加氢综合能源岛建设项目清单", "附件：1.吕梁市制氢与储运建设项目清单\n2.吕梁市加氢综合能源岛建设项目清单"),
        ("a\r\nb\u{200B}c", "a bc"),
    ];
    for &(input, want) in cases {
        assert_eq!(repair_text(input), want, "repair_text({input:?})");
    }
}

/// The issue with `lines` inserted in its 目录, before the 市政府文件 section.
fn with_toc_lines(lines: &str) -> String {
    let at = "市政府文件\n\n吕梁市人民政府关于印发吕梁市 2022 年安全生产工作行动方案的通知";
    assert_eq!(ISSUE.matches(at).count(), 1);
    ISSUE.replace(at, &format!("{lines}{at}"))
}

/// Issue 5: a `国令第732号` entry in the 目录 turned 27 documents into 5,
/// with no error. With its document in the text it is the 28th (see
/// tests/ingest.rs); without, the file fails naming the entry.
#[test]
fn guoling_entry_without_its_document_fails_naming_it() {
    let text = with_toc_lines("国务院关于修改和废止部分行政法规的决定（国令第732号）\t1\n\n");
    assert!(looks_like_gazette(&text));
    let err = split(&text, SOURCE).unwrap_err();
    assert_eq!(
        err,
        GazetteError::DocumentNotFound {
            source: SOURCE.into(),
            doc_number: "国令第732号".into(),
            title: "国务院关于修改和废止部分行政法规的决定".into(),
        }
    );
    let message = err.to_string();
    assert!(
        message.contains("国令第732号") && !message.contains('\n'),
        "{message}"
    );
}

/// A line in the 目录 that is no entry, with entries after it: the file
/// fails naming the line, instead of losing the documents listed after it.
#[test]
fn unreadable_toc_line_fails_naming_it() {
    let text = with_toc_lines("国务院关于某事项的决定【国令第七三二号】\n\n");
    assert!(looks_like_gazette(&text));
    match split(&text, SOURCE) {
        Err(GazetteError::UnreadableTocLine { line, text, .. }) => {
            assert_eq!(text, "国务院关于某事项的决定【国令第七三二号】");
            assert_eq!(line, 54);
        }
        other => panic!("{other:?}"),
    }
}

/// A 目录 over two pages: the page number, running header and a second
/// `目 录` between them are not entries, and end nothing.
#[test]
fn toc_over_a_page_break() {
    let text = "测试市人民政府公报\n2022年第5期\n目 录\n市政府文件\n\
                甲关于某的通知（测政发〔2022〕1号）\t1\n\n2\n\n测试市人民政府公报\n\n目 录\n\n\
                乙关于某的通知（测政发〔2022〕2号）\t3\n\n\
                甲关于某的通知\n测政发〔2022〕1号\n正文一。\n乙关于某的通知\n测政发〔2022〕2号\n正文二。\n";
    let docs = split(text, SOURCE).unwrap();
    let got: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (d.doc_number.as_str(), d.category.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("测政发〔2022〕1号", "市政府文件"),
            ("测政发〔2022〕2号", "市政府文件")
        ]
    );
}

/// (TOC line, title, number) for the numberings a 目录 may use.
#[test]
fn toc_entry_numberings() {
    let cases: &[(&str, Option<(&str, &str)>)] = &[
        (
            "甲关于某的通知（吕政发〔2022〕1 号）\t1",
            Some(("甲关于某的通知", "吕政发〔2022〕1号")),
        ),
        (
            "甲关于某的通知 (吕政办发〔2022〕28号)\t113",
            Some(("甲关于某的通知", "吕政办发〔2022〕28号")),
        ),
        (
            "国务院关于某的决定（国令第706号）····· 3",
            Some(("国务院关于某的决定", "国令第706号")),
        ),
        (
            "中华人民共和国主席令（主席令第十二号）\t4",
            Some(("中华人民共和国主席令", "主席令第十二号")),
        ),
        (
            "测试市人民政府公告（公告第3号）\t5",
            Some(("测试市人民政府公告", "公告第3号")),
        ),
        ("人事任免 ······ 150", Some(("人事任免", ""))),
        (
            "关于印发方案（2021—2025 年）的通知\t25",
            Some(("关于印发方案（2021—2025 年）的通知", "")),
        ),
        // Not entries: no page, no leader before it, a date, a number line.
        ("人事任免", None),
        ("人事任免 150", None),
        ("2022 年 5 月 7 日", None),
        ("吕政发〔2022〕1号", None),
        ("电话：0358-8227519", None),
    ];
    for (line, want) in cases {
        let got = parse_toc_entry(line).map(|(t, n, _)| (t, n.display()));
        let want = want.map(|(t, n)| (t.to_string(), n.to_string()));
        assert_eq!(got, want, "{line}");
    }
}

#[test]
fn looks_like_gazette_cases() {
    assert!(looks_like_gazette(ISSUE));
    assert!(!looks_like_gazette(""));
    assert!(!looks_like_gazette(
        "吕梁市人民政府关于印发某某的通知\n\n吕政发〔2022〕1号\n\n正文。"
    ));
    // A single document (no 目录) is not a gazette, even if it cites 文号.
    let body = &docs()[0].body;
    assert!(!looks_like_gazette(body));
}

#[test]
fn errors() {
    let src = "x.txt";
    assert_eq!(
        split("", src),
        Err(GazetteError::Empty { source: src.into() })
    );
    assert_eq!(
        split(" \n\t", src),
        Err(GazetteError::Empty { source: src.into() })
    );
    assert_eq!(
        split("正文。\n第二段。", src),
        Err(GazetteError::NoTableOfContents { source: src.into() })
    );
    let dup = "目 录\n\n甲关于某的通知（吕政发〔2022〕1号）\t1\n乙关于某的通知（吕政发〔2022〕1 号）\t2\n";
    assert_eq!(
        split(dup, src),
        Err(GazetteError::DuplicateEntry {
            source: src.into(),
            doc_number: "吕政发〔2022〕1号".into()
        })
    );
    let missing =
        "目 录\n\n甲关于某的通知（吕政发〔2022〕1号）\t1\n\n甲关于某的通知\n\n吕政发〔2022〕2号\n";
    assert_eq!(
        split(missing, src),
        Err(GazetteError::DocumentNotFound {
            source: src.into(),
            doc_number: "吕政发〔2022〕1号".into(),
            title: "甲关于某的通知".into()
        })
    );
    for e in [
        split("", src),
        split("x", src),
        split(dup, src),
        split(missing, src),
    ] {
        let msg = e.unwrap_err().to_string();
        assert!(msg.starts_with("x.txt: ") && !msg.contains('\n'), "{msg}");
    }
    // A minimal gazette works, and an untitled document starts at its 文号.
    let ok = "目 录\n市政府文件\n甲关于某的通知（吕政发〔2022〕1号）\t1\n\n甲 关于某的 通 知\n\n吕政发〔2022〕1 号\n\n正文第一\n\n段。\n\n甲市人民政府\n\n2022 年 1 月 2 日";
    let d = split(ok, src).unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(
        (
            d[0].title.as_str(),
            d[0].issuer.as_str(),
            d[0].date.as_str(),
            d[0].category.as_str()
        ),
        ("甲关于某的通知", "甲市人民政府", "2022-01-02", "市政府文件")
    );
    assert_eq!(
        d[0].body,
        "甲关于某的通知\n吕政发〔2022〕1号\n正文第一段。\n甲市人民政府\n2022年1月2日"
    );
}

/// Truncated files and garbage give errors (or documents), never a panic.
#[test]
fn never_panics() {
    let cuts: Vec<usize> = ISSUE
        .char_indices()
        .map(|(i, _)| i)
        .step_by(1999)
        .chain([ISSUE.len()])
        .collect();
    for &cut in &cuts {
        let _ = split(&ISSUE[..cut], SOURCE);
        let _ = looks_like_gazette(&ISSUE[..cut]);
    }
    // Tails too: a file missing its beginning.
    for &cut in cuts.iter().step_by(7) {
        let _ = split(&ISSUE[cut..], SOURCE);
    }
    // Random garbage from an alphabet of the characters the parser looks at.
    let alphabet: Vec<char> = "目录 \t\n〔〕()（）【】[]0123456789２０号第年月日吕政办发函关于的通知。，、：；“”《》|-^{}<p>\\一二（三）附件扫码咨询政策解读"
        .chars()
        .collect();
    let mut rng = crate::test_rng::XorShift(0x2545F4914F6CDD1D);
    for _ in 0..3000 {
        let len = (rng.0 >> 33) as usize % 200;
        let s: String = (0..len)
            .map(|_| alphabet[(rng.next_u64() % alphabet.len() as u64) as usize])
            .collect();
        let _ = split(&s, "garbage");
        let _ = repair_text(&s);
        let _ = looks_like_gazette(&s);
        let _ = split(
            &format!("目 录\n关于的通知（吕政发〔2022〕1号）\t1\n{s}\n吕政发〔2022〕1号\n{s}"),
            "garbage",
        );
    }
}
