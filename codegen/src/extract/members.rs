//! Turns the rows of parameter tables into members, building nested objects from dotted paths.
//!
//! API 3.0 tables list one member a row (`InstanceIds.N` is a list). The v2 tables spell nested
//! structure as dotted paths (`subnetSet.n.subnetName`, `data.n.routeTableSet.n`,
//! `data.aclSet.acl.name`), where a segment `n` marks the segment before it as a list; sub-tables
//! may repeat the tail of a path (`routeTableSet.n.nextHub` under `data.n.routeTableSet.n`).
//! Each inner node with children becomes a named object: the action's name, `Request` or
//! `Response`, and the path in UpperCamelCase (`DescribeRouteTableResponseDataRouteTableSet`).

use heck::ToUpperCamelCase;

use super::types::DocType;
use crate::diag::Diagnostics;
use crate::spec::{Member, Object, Span, TypeRef};

/// One row of a parameter table, as read.
#[derive(Debug, Clone)]
pub struct RawRow {
    /// The name cell as written (`subnetSet.n.zoneId`, `InstanceIds.N`).
    pub path: String,
    pub ty: DocType,
    /// The type cell as printed (`Array of String`), which a `[[member]]` override's `was` names.
    pub type_cell: String,
    pub required: bool,
    /// The required cell says `-` (see [`crate::spec::Member::required_unstated`]).
    pub required_unstated: bool,
    pub description: String,
    /// The documented example value (`示例值：…`).
    pub example: Option<String>,
    pub line: u32,
}

/// Which side of a call the members describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Input,
    Output,
}

#[derive(Debug)]
struct Node {
    name: String,
    row: Option<RawRow>,
    list: bool,
    children: Vec<Node>,
    first_line: u32,
}

impl Node {
    fn new(name: &str, line: u32) -> Node {
        Node {
            name: name.to_string(),
            row: None,
            list: false,
            children: Vec::new(),
            first_line: line,
        }
    }

    fn child_mut(&mut self, name: &str, line: u32) -> &mut Node {
        let idx = match self.children.iter().position(|c| c.name == name) {
            Some(i) => i,
            None => {
                self.children.push(Node::new(name, line));
                self.children.len() - 1
            }
        };
        &mut self.children[idx]
    }

    /// The path (named segments) of the last-added node called `name`, searched depth-first.
    fn find_path(&self, name: &str, prefix: &mut Vec<String>, found: &mut Option<Vec<String>>) {
        for child in &self.children {
            prefix.push(child.name.clone());
            if child.name == name {
                *found = Some(prefix.clone());
            }
            child.find_path(name, prefix, found);
            prefix.pop();
        }
    }
}

/// Splits a path into named segments, each with whether it is marked as a list.
fn segments(path: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for part in path.split('.').map(str::trim).filter(|p| !p.is_empty()) {
        if part.eq_ignore_ascii_case("n") {
            if let Some(last) = out.last_mut() {
                last.1 = true;
            }
        } else {
            out.push((part.to_string(), false));
        }
    }
    out
}

/// What the action's own examples show of a path (named segments, list indexes skipped):
/// `Some(true)` a list, `Some(false)` an object, `None` nothing.
pub type ShapeEvidence<'a> = &'a dyn Fn(&[String]) -> Option<bool>;

/// Builds members (and the objects derived from nested paths) from rows of one direction.
pub fn build_members(
    action: &str,
    direction: Direction,
    rows: Vec<RawRow>,
    diags: &mut Diagnostics,
) -> (Vec<Member>, Vec<Object>) {
    build_members_with_evidence(action, direction, rows, &|_| None, diags)
}

/// [`build_members`], settling the docs' ambiguous `Array` (a list, or any structure) with
/// what the action's examples show: an `Array` row with child rows but no `.n` marker is a list
/// when the examples hold an array there, and an object otherwise.
pub fn build_members_with_evidence(
    action: &str,
    direction: Direction,
    rows: Vec<RawRow>,
    evidence: ShapeEvidence<'_>,
    diags: &mut Diagnostics,
) -> (Vec<Member>, Vec<Object>) {
    let mut root = Node::new("", 0);
    for row in rows {
        if row.ty == DocType::Nothing {
            continue;
        }
        let mut segs = segments(&row.path);
        if segs.is_empty() {
            diags.error(
                row.line,
                format!("parameter row without a name: {:?}", row.path),
            );
            continue;
        }
        // A sub-table may restate only the tail of a path: anchor it at the node it names.
        if segs.len() > 1 && !root.children.iter().any(|c| c.name == segs[0].0) {
            let mut found = None;
            root.find_path(&segs[0].0, &mut Vec::new(), &mut found);
            if let Some(anchor) = found {
                let mut full: Vec<(String, bool)> = anchor[..anchor.len() - 1]
                    .iter()
                    .map(|s| (s.clone(), false))
                    .collect();
                full.append(&mut segs);
                segs = full;
            }
        }
        let mut node = &mut root;
        for (name, list) in &segs {
            node = node.child_mut(name, row.line);
            node.list |= *list;
        }
        let declares_element =
            row.path.trim_end().ends_with(".n") || row.path.trim_end().ends_with(".N");
        if let Some(previous) = &mut node.row {
            // `address Array` then `address.n String`: the second row gives the element type.
            if declares_element && previous.ty == DocType::BareArray {
                if let DocType::Known(t) = &row.ty {
                    previous.ty = DocType::Known(TypeRef::list_of(t.clone()));
                }
                continue;
            }
            diags.warn(
                row.line,
                format!(
                    "parameter `{}` is listed twice (first on line {}); the later row wins",
                    row.path, previous.line
                ),
            );
        }
        node.row = Some(row);
    }

    let prefix = match direction {
        Direction::Input => format!("{action}Request"),
        Direction::Output => format!("{action}Response"),
    };
    let mut ctx = Ctx {
        action,
        direction,
        evidence,
        path: Vec::new(),
        objects: Vec::new(),
    };
    let members = root
        .children
        .iter()
        .map(|child| to_member(child, &prefix, &mut ctx))
        .collect();
    (members, ctx.objects)
}

/// What building members carries down the tree.
struct Ctx<'a> {
    action: &'a str,
    direction: Direction,
    evidence: ShapeEvidence<'a>,
    /// Named segments from the root to the node being built.
    path: Vec<String>,
    objects: Vec<Object>,
}

fn to_member(node: &Node, type_prefix: &str, ctx: &mut Ctx<'_>) -> Member {
    let (action, direction) = (ctx.action, ctx.direction);
    ctx.path.push(node.name.clone());
    let member = to_member_at(node, type_prefix, action, direction, ctx);
    ctx.path.pop();
    member
}

fn to_member_at(
    node: &Node,
    type_prefix: &str,
    action: &str,
    direction: Direction,
    ctx: &mut Ctx<'_>,
) -> Member {
    let (required, required_unstated) = node
        .row
        .as_ref()
        .map_or((false, false), |r| (r.required, r.required_unstated));
    let (description, example, line, declared, doc_type) = match &node.row {
        Some(r) => (
            r.description.clone(),
            r.example.clone(),
            r.line,
            Some(&r.ty),
            Some(r.type_cell.clone()),
        ),
        None => (String::new(), None, node.first_line, None, None),
    };
    // The docs write `Array` for any structure; only the `.n` marker (or `Array of X`) makes a
    // list. The examples agree: `data Array` with `data.status` rows returns an object.
    let declared_list = matches!(declared, Some(DocType::Known(TypeRef::List(_))))
        || (declared == Some(&DocType::BareArray) && (ctx.evidence)(&ctx.path) == Some(true));
    let ty = if !node.children.is_empty() {
        let name = format!("{type_prefix}{}", node.name.to_upper_camel_case());
        let members = node
            .children
            .iter()
            .map(|c| to_member(c, &name, ctx))
            .collect();
        let end = last_line(node);
        ctx.objects.push(Object {
            name: name.clone(),
            description: description.clone(),
            members,
            origin: format!(
                "{} `{}` of {action}",
                match direction {
                    Direction::Input => "input",
                    Direction::Output => "output",
                },
                node.name
            ),
            file: None,
            span: Span {
                start: node.first_line.min(line),
                end,
            },
        });
        let object = TypeRef::Object(name);
        if node.list || declared_list {
            TypeRef::list_of(object)
        } else {
            object
        }
    } else {
        let leaf = match declared {
            Some(DocType::Known(t)) => t.clone(),
            // Form values are text, so an input list with no element type is a list of strings;
            // an output array whose elements the docs never describe stays raw JSON.
            // Without `.n`, the examples tell a list from any other structure.
            Some(DocType::BareArray) => match (direction, node.list || declared_list) {
                (Direction::Input, true) => TypeRef::list_of(TypeRef::String),
                (Direction::Output, true) => TypeRef::list_of(TypeRef::Json),
                (_, false) => TypeRef::Json,
            },
            Some(DocType::BareObject) | Some(DocType::Varying) | None => TypeRef::Json,
            Some(DocType::Nothing) => TypeRef::Json,
        };
        if node.list && !matches!(leaf, TypeRef::List(_)) {
            TypeRef::list_of(leaf)
        } else {
            leaf
        }
    };
    Member {
        name: node.name.clone(),
        ty,
        required,
        required_unstated,
        description,
        example,
        line,
        doc_type,
    }
}

fn last_line(node: &Node) -> u32 {
    let own = node.row.as_ref().map(|r| r.line).unwrap_or(node.first_line);
    node.children.iter().map(last_line).fold(own, u32::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::types::parse_type_cell;

    fn row(path: &str, ty: &str, line: u32) -> RawRow {
        RawRow {
            path: path.to_string(),
            ty: parse_type_cell(ty).unwrap(),
            type_cell: ty.to_string(),
            required: false,
            required_unstated: false,
            description: String::new(),
            example: None,
            line,
        }
    }

    #[test]
    fn v3_list_suffix_is_not_part_of_the_wire_name() {
        let mut d = Diagnostics::new("t");
        let (m, o) = build_members(
            "AttachClassicLinkVpc",
            Direction::Input,
            vec![
                row("VpcId", "String", 1),
                row("InstanceIds.N", "Array of String", 2),
            ],
            &mut d,
        );
        assert!(o.is_empty());
        assert_eq!(m[1].name, "InstanceIds");
        assert_eq!(m[1].ty.to_string(), "list<string>");
    }

    #[test]
    fn v2_dotted_paths_become_named_objects() {
        let mut d = Diagnostics::new("t");
        let (m, o) = build_members(
            "CreateVpc",
            Direction::Input,
            vec![
                row("vpcName", "String", 1),
                row("subnetSet.n", "Array", 2),
                row("subnetSet.n.subnetName", "String", 3),
                row("subnetSet.n.zoneId", "String", 4),
            ],
            &mut d,
        );
        assert_eq!(m.len(), 2);
        assert_eq!(
            m[1].ty.to_string(),
            "list<object<CreateVpcRequestSubnetSet>>"
        );
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].members.len(), 2);
        assert_eq!(o[0].members[1].name, "zoneId");
    }

    #[test]
    fn sub_table_restating_a_path_tail_is_anchored() {
        let mut d = Diagnostics::new("t");
        let (m, o) = build_members(
            "DescribeRouteTable",
            Direction::Output,
            vec![
                row("code", "Int", 1),
                row("data.n", "Array", 2),
                row("data.n.vpcId", "String", 3),
                row("data.n.routeTableSet.n", "Array", 4),
                row("routeTableSet.n.nextHub", "string", 5),
            ],
            &mut d,
        );
        assert_eq!(m.len(), 2);
        let names: Vec<_> = o.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "DescribeRouteTableResponseDataRouteTableSet",
                "DescribeRouteTableResponseData"
            ]
        );
        assert_eq!(o[0].members[0].name, "nextHub");
    }

    #[test]
    fn arrays_without_n_markers_are_objects() {
        let mut d = Diagnostics::new("t");
        let (m, o) = build_members(
            "DescribeNetworkAcl",
            Direction::Output,
            vec![
                row("data", "Array", 1),
                row("data.aclSet", "Array", 2),
                row("data.aclSet.acl", "Array", 3),
                row("data.aclSet.acl.name", "String", 4),
            ],
            &mut d,
        );
        assert_eq!(
            m[0].ty.to_string(),
            "object<DescribeNetworkAclResponseData>"
        );
        assert_eq!(o.len(), 3);
    }

    #[test]
    fn examples_settle_whether_an_array_with_children_is_a_list() {
        let mut d = Diagnostics::new("t");
        let rows = || vec![row("data", "Array", 1), row("data.platform", "String", 2)];
        let list = |path: &[String]| (path == ["data"]).then_some(true);
        let (m, _) = build_members_with_evidence(
            "DescribeUserGwVendor",
            Direction::Output,
            rows(),
            &list,
            &mut d,
        );
        assert_eq!(
            m[0].ty.to_string(),
            "list<object<DescribeUserGwVendorResponseData>>"
        );
        let (m, _) = build_members("DescribeUserGwVendor", Direction::Output, rows(), &mut d);
        assert_eq!(
            m[0].ty.to_string(),
            "object<DescribeUserGwVendorResponseData>"
        );
    }

    #[test]
    fn object_rows_with_children_are_objects_not_json() {
        let mut d = Diagnostics::new("t");
        let (m, _) = build_members(
            "DescribeVpcTaskResult",
            Direction::Output,
            vec![row("data", "Object", 1), row("data.status", "Int", 2)],
            &mut d,
        );
        assert_eq!(
            m[0].ty.to_string(),
            "object<DescribeVpcTaskResultResponseData>"
        );
    }

    #[test]
    fn leaf_arrays_get_a_default_element() {
        let mut d = Diagnostics::new("t");
        let (m, _) = build_members(
            "A",
            Direction::Input,
            vec![row("subnetIds.n", "Array", 1)],
            &mut d,
        );
        assert_eq!(m[0].ty.to_string(), "list<string>");
        let (m, _) = build_members(
            "A",
            Direction::Output,
            vec![row("ipPool.n", "Array", 1)],
            &mut d,
        );
        assert_eq!(m[0].ty.to_string(), "list<json>");
        let (m, _) = build_members(
            "A",
            Direction::Output,
            vec![row("data", "Array", 1)],
            &mut d,
        );
        assert_eq!(m[0].ty.to_string(), "json");
        let (m, _) = build_members(
            "A",
            Direction::Input,
            vec![row("type.n", "String", 1)],
            &mut d,
        );
        assert_eq!(m[0].ty.to_string(), "list<string>");
    }

    #[test]
    fn duplicate_rows_are_reported() {
        let mut d = Diagnostics::new("t");
        let (m, _) = build_members(
            "A",
            Direction::Input,
            vec![row("x", "String", 1), row("x", "Int", 2)],
            &mut d,
        );
        assert_eq!(m.len(), 1);
        assert_eq!(d.warning_count(), 1);
    }
}
