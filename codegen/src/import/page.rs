//! A reference page (Markdown, in the seed's English layout or the original Chinese
//! one) read into its sections: title, overview, parameter tables, models, examples.
//!
//! pulldown-cmark parses the page. Pages rendered to plain text (like the seed) have no
//! blank lines, so by CommonMark's rules one table swallows every following line as a
//! one-cell row; the reader therefore works on a flat sequence of lines and rows, in
//! which a one-cell row is a line and a row of column titles starts a new table.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One table row of a parameter or field table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    /// Wire name as written (`ImageId.N`, `Disks.N.Size`), emphasis removed.
    pub(crate) name: String,
    /// Type cell as text (`array[PHostImageSet]`; link markup removed).
    pub(crate) ty: String,
    /// Description cell.
    pub(crate) description: String,
    /// Whether the required cell says yes.
    pub(crate) required: bool,
    /// 1-based line in the page.
    pub(crate) line: u32,
}

/// A named table under "Data Model".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ModelTable {
    pub(crate) name: String,
    pub(crate) line: u32,
    pub(crate) rows: Vec<Row>,
}

/// Everything the importer reads from one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Page {
    pub(crate) action: Option<(String, u32)>,
    pub(crate) summary: String,
    pub(crate) description: String,
    pub(crate) request: Vec<Row>,
    pub(crate) response: Vec<Row>,
    pub(crate) models: Vec<ModelTable>,
    pub(crate) request_example: Option<String>,
    pub(crate) response_example: Option<(String, u32)>,
    /// Problems found while reading, with their line.
    pub(crate) warnings: Vec<(u32, String)>,
}

/// The sections a page is made of, in either language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Preamble,
    Overview,
    Usage,
    PublicParameters,
    RequestParameters,
    ResponseFields,
    DataModel,
    RequestExample,
    ResponseExample,
    Other,
}

fn section_of(title: &str) -> Option<Section> {
    let title = title.trim().trim_end_matches(':').trim();
    Some(match title {
        "Overview" | "简介" => Section::Overview,
        "使用方法" | "Usage" => Section::Usage,
        "Definition" | "定义" | "Example" | "示例" => Section::Other,
        "Public Parameters" | "公共参数" => Section::PublicParameters,
        "Request Parameters" | "请求参数" => Section::RequestParameters,
        "Response Field" | "Response Fields" | "Response Elements" | "响应字段" => {
            Section::ResponseFields
        }
        "Data Model" | "Data Models" | "数据模型" => Section::DataModel,
        "Request Example" | "请求示例" => Section::RequestExample,
        "Response Example" | "响应示例" => Section::ResponseExample,
        _ => return None,
    })
}

/// Section titles that text rendering sometimes glues to the end of the previous line
/// (`&Cluster=DkUhdXDDResponse Example`).
const GLUED_TITLES: [&str; 2] = ["Response Example", "Request Example"];

/// One unit of the flattened page.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Line(String, u32),
    Header(Vec<String>, u32),
    Row(Vec<String>, u32),
    Code(String, u32),
}

const NAME_TITLES: [&str; 4] = ["参数名", "字段名", "Parameter Name", "Field Name"];

/// Parses a page.
pub(crate) fn read(text: &str) -> Page {
    let items = flatten(text);
    let mut page = Page::default();
    let mut section = Section::Preamble;
    let mut columns: Option<Columns> = None;
    let mut current_model: Option<ModelTable> = None;
    let mut request_lines: Vec<String> = Vec::new();
    let mut response_lines: Vec<(String, u32)> = Vec::new();
    let mut overview: Vec<String> = Vec::new();

    for item in items {
        match item {
            Item::Line(line, number) => {
                let (before, title) = split_glued(&line);
                if let Some(before) = before {
                    absorb_line(
                        section,
                        before,
                        number,
                        &mut page,
                        &mut overview,
                        &mut request_lines,
                        &mut response_lines,
                    );
                }
                let Some(title) = title else {
                    // The older layout has no Data Model title: each model's name
                    // heading follows the response table directly.
                    if section == Section::ResponseFields
                        && !page.response.is_empty()
                        && is_model_name(&line)
                    {
                        section = Section::DataModel;
                    }
                    if section == Section::DataModel && is_model_name(&line) {
                        if let Some(model) = current_model.take() {
                            page.models.push(model);
                        }
                        current_model = Some(ModelTable {
                            name: line.trim().to_owned(),
                            line: number,
                            rows: Vec::new(),
                        });
                        columns = None;
                        continue;
                    }
                    absorb_line(
                        section,
                        &line,
                        number,
                        &mut page,
                        &mut overview,
                        &mut request_lines,
                        &mut response_lines,
                    );
                    continue;
                };
                section = title;
                columns = None;
                if section != Section::DataModel
                    && let Some(model) = current_model.take()
                {
                    page.models.push(model);
                }
            }
            Item::Header(cells, number) => match Columns::find(&cells) {
                Ok(found) => columns = Some(found),
                Err(missing) => page.warnings.push((
                    number,
                    format!("table header lacks the {missing} column; rows skipped"),
                )),
            },
            Item::Row(cells, number) => {
                let Some(columns) = &columns else { continue };
                let row = columns.row(&cells, number);
                if row.name.is_empty() {
                    page.warnings
                        .push((number, "table row without a name; skipped".to_owned()));
                    continue;
                }
                match section {
                    Section::RequestParameters => page.request.push(row),
                    Section::ResponseFields => page.response.push(row),
                    Section::DataModel => match &mut current_model {
                        Some(model) => model.rows.push(row),
                        None => page.warnings.push((
                            number,
                            format!(
                                "row `{}` under Data Model but before any model name; skipped",
                                row.name
                            ),
                        )),
                    },
                    _ => {}
                }
            }
            Item::Code(code, number) => match section {
                Section::RequestExample => request_lines.push(code.trim_end().to_owned()),
                Section::ResponseExample => {
                    response_lines.push((code.trim_end().to_owned(), number))
                }
                _ => {}
            },
        }
    }
    if let Some(model) = current_model.take() {
        page.models.push(model);
    }
    page.description = overview.join(" ").trim().to_owned();
    let request_example = request_lines.join("\n").trim().to_owned();
    page.request_example = (!request_example.is_empty()).then_some(request_example);
    if let Some((_, first_line)) = response_lines.first() {
        let first_line = *first_line;
        let joined = response_lines
            .iter()
            .map(|(text, _)| text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        page.response_example = Some((joined.trim().to_owned(), first_line));
    }
    page
}

fn absorb_line(
    section: Section,
    line: &str,
    number: u32,
    page: &mut Page,
    overview: &mut Vec<String>,
    request_lines: &mut Vec<String>,
    response_lines: &mut Vec<(String, u32)>,
) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    match section {
        Section::Preamble if page.action.is_none() => {
            // `Summary - ActionName`; some pages glue it on their first line:
            // `Summary-ActionName`.
            let title = line
                .rsplit_once(" - ")
                .or_else(|| (number == 1).then(|| line.rsplit_once('-')).flatten());
            if let Some((summary, action)) = title
                && crate::spec::types::is_identifier(action.trim())
            {
                page.summary = summary.trim().trim_start_matches('#').trim().to_owned();
                page.action = Some((action.trim().to_owned(), number));
            }
        }
        Section::Overview => overview.push(line.to_owned()),
        Section::RequestExample => request_lines.push(line.to_owned()),
        Section::ResponseExample => response_lines.push((line.to_owned(), number)),
        _ => {}
    }
}

/// `text` may end with a section title glued to it; returns the text before and the
/// section. A line that is only a title returns `(None, Some(section))`.
fn split_glued(line: &str) -> (Option<&str>, Option<Section>) {
    let trimmed = line.trim().trim_start_matches('#').trim();
    if let Some(section) = section_of(trimmed) {
        return (None, Some(section));
    }
    for title in GLUED_TITLES {
        if let Some(before) = trimmed.strip_suffix(title)
            && !before.is_empty()
        {
            return (Some(before), section_of(title));
        }
    }
    (None, None)
}

fn is_model_name(line: &str) -> bool {
    let name = line.trim().trim_start_matches('#').trim();
    crate::spec::types::is_identifier(name)
}

/// Which cell holds what.
#[derive(Debug, Clone, Copy)]
struct Columns {
    name: usize,
    ty: usize,
    description: Option<usize>,
    required: Option<usize>,
}

impl Columns {
    fn find(cells: &[String]) -> Result<Columns, &'static str> {
        // Older pages write `Parameter name`; titles are compared without case.
        let position = |titles: &[&str]| {
            cells
                .iter()
                .position(|c| titles.iter().any(|t| t.eq_ignore_ascii_case(c.trim())))
        };
        let name = position(&NAME_TITLES).ok_or("name (参数名/字段名)")?;
        let ty = position(&["类型", "Type"]).ok_or("type (类型)")?;
        Ok(Columns {
            name,
            ty,
            description: position(&["描述信息", "Description Information", "Description"]),
            required: position(&["必填", "Required"]),
        })
    }

    fn row(&self, cells: &[String], line: u32) -> Row {
        let cell = |index: Option<usize>| {
            index
                .and_then(|i| cells.get(i))
                .map(|c| c.trim().to_owned())
                .unwrap_or_default()
        };
        let required = cell(self.required);
        Row {
            name: cell(Some(self.name)),
            ty: cell(Some(self.ty)),
            description: cell(self.description),
            required: matches!(
                required.to_ascii_lowercase().as_str(),
                "yes" | "true" | "是" | "y"
            ),
            line,
        }
    }
}

/// The page as lines, table headers, table rows and code blocks, in order.
fn flatten(text: &str) -> Vec<Item> {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| -> u32 {
        let index = line_starts.partition_point(|&start| start <= offset);
        u32::try_from(index).unwrap_or(u32::MAX)
    };
    let mut items = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut text_block: Option<(String, usize)> = None;
    let mut code: Option<(String, usize)> = None;
    let mut row_start = 0usize;
    let mut in_head = false;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. }) => {
                text_block = Some((String::new(), range.start))
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => {
                if let Some((block, start)) = text_block.take() {
                    let first = line_of(start);
                    for (offset, line) in block.split('\n').enumerate() {
                        items.push(Item::Line(
                            line.to_owned(),
                            first + u32::try_from(offset).unwrap_or(0),
                        ));
                    }
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code = Some((String::new(), range.start)),
            Event::End(TagEnd::CodeBlock) => {
                if let Some((body, start)) = code.take() {
                    items.push(Item::Code(body, line_of(start) + 1));
                }
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                cells.clear();
                row_start = range.start;
            }
            Event::Start(Tag::TableRow) => {
                cells.clear();
                row_start = range.start;
            }
            Event::Start(Tag::TableCell) => cell.clear(),
            Event::End(TagEnd::TableCell) => {
                cells.push(std::mem::take(&mut cell).trim().to_owned())
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let line = line_of(row_start);
                let row = std::mem::take(&mut cells);
                let non_empty: Vec<&String> = row.iter().filter(|c| !c.is_empty()).collect();
                if in_head || row.iter().any(|c| NAME_TITLES.contains(&c.as_str())) {
                    items.push(Item::Header(row, line));
                } else if row
                    .iter()
                    .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
                {
                    // A delimiter row swallowed into an earlier table.
                } else if non_empty.len() == 1 && row.first().is_some_and(|c| !c.is_empty()) {
                    items.push(Item::Line(row.first().cloned().unwrap_or_default(), line));
                } else {
                    items.push(Item::Row(row, line));
                }
                in_head = false;
            }
            Event::Text(piece) | Event::Code(piece) => {
                if let Some((body, _)) = &mut code {
                    body.push_str(&piece);
                } else if let Some((block, _)) = &mut text_block {
                    block.push_str(&piece);
                } else {
                    cell.push_str(&piece);
                }
            }
            Event::InlineHtml(html)
                if html.trim_start_matches('<').trim_start().starts_with("br") =>
            {
                // `<br />` in a cell or a paragraph reads as a space.
                match &mut text_block {
                    Some((block, _)) => block.push(' '),
                    None => cell.push(' '),
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((block, _)) = &mut text_block {
                    block.push('\n');
                } else {
                    cell.push(' ');
                }
            }
            _ => {}
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_titles_split() {
        let cases = [
            (
                "&Cluster=XResponse Example",
                (Some("&Cluster=X"), Some(Section::ResponseExample)),
            ),
            ("Response Example", (None, Some(Section::ResponseExample))),
            ("## 请求参数", (None, Some(Section::RequestParameters))),
            ("plain text", (None, None)),
        ];
        for (line, expected) in cases {
            assert_eq!(split_glued(line), expected, "{line}");
        }
    }

    #[test]
    fn reads_a_minimal_chinese_page() {
        let page = read(
            "# 标题 - DoThing\n\n## 简介\n\n做事\n\n### 请求参数\n\n| 参数名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **Zone** | string | 可用区 |**Yes**|\n\n### 响应示例\n\n```json\n{\"RetCode\": 0}\n```\n",
        );
        assert_eq!(page.action, Some(("DoThing".to_owned(), 1)));
        assert_eq!(page.summary, "标题");
        assert_eq!(page.description, "做事");
        assert_eq!(page.request.len(), 1);
        assert_eq!(
            (
                page.request[0].name.as_str(),
                page.request[0].required,
                page.request[0].line
            ),
            ("Zone", true, 11)
        );
        assert_eq!(
            page.response_example.map(|(json, _)| json),
            Some("{\"RetCode\": 0}".to_owned())
        );
    }
}
