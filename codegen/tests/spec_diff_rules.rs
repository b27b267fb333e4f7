//! One test per classification rule of `tcgen_codegen::diff`: each edits the API 3.0 (or v2)
//! fixture the way a docs update could, and asserts the exact changes reported and their class.

mod support;

use support::{assert_diff_properties, fixture};
use tcgen_codegen::diff::{
    diff_spec_sets, diff_specs, render, ChangeKind, DiffError, Format, Property, Severity, Side,
};
use tcgen_codegen::spec::{Action, ApiSpec, Envelope, ErrorCode, Generation, Member, Object};

use ChangeKind::*;
use Severity::{Additive, Breaking, Info};

/// Applies `edit` to a copy of the base fixture of `module` and checks the diff reports exactly
/// `expected` (severity, subject path, change), in order; the pair must also satisfy the diff
/// properties.
fn assert_edit(
    module: &str,
    edit: impl FnOnce(&mut ApiSpec),
    expected: &[(Severity, &str, ChangeKind)],
) {
    let old = fixture("base", module);
    let mut new = old.clone();
    edit(&mut new);
    let actual: Vec<(Severity, String, ChangeKind)> = diff_specs(&old, &new)
        .changes
        .into_iter()
        .map(|c| (c.severity, c.subject.to_string(), c.kind))
        .collect();
    let expected: Vec<(Severity, String, ChangeKind)> = expected
        .iter()
        .map(|(s, subject, k)| (*s, subject.to_string(), k.clone()))
        .collect();
    assert_eq!(actual, expected);
    assert_diff_properties(&old, &new);
}

fn v3(edit: impl FnOnce(&mut ApiSpec), expected: &[(Severity, &str, ChangeKind)]) {
    assert_edit("v20170312", edit, expected);
}

fn action<'a>(spec: &'a mut ApiSpec, name: &str) -> &'a mut Action {
    spec.actions
        .iter_mut()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no action {name}"))
}

fn object<'a>(spec: &'a mut ApiSpec, name: &str) -> &'a mut Object {
    spec.objects
        .iter_mut()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no object {name}"))
}

fn member<'a>(members: &'a mut [Member], name: &str) -> &'a mut Member {
    members
        .iter_mut()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("no member {name}"))
}

fn remove_member(members: &mut Vec<Member>, name: &str) {
    let before = members.len();
    members.retain(|m| m.name != name);
    assert_eq!(members.len(), before - 1, "no member {name}");
}

fn remove_error(errors: &mut Vec<ErrorCode>, code: &str) {
    let before = errors.len();
    errors.retain(|e| e.code != code);
    assert_eq!(errors.len(), before - 1, "no error code {code}");
}

fn new_member(name: &str, ty: &str, required: bool) -> Member {
    Member {
        name: name.to_string(),
        ty: ty.parse().unwrap(),
        required,
        required_unstated: false,
        description: format!("{name}。"),
        example: None,
        line: 1,
        doc_type: None,
    }
}

fn new_error(code: &str) -> ErrorCode {
    ErrorCode {
        code: code.to_string(),
        description: "参数值不在允许范围内。".to_string(),
        category: None,
        line: 1,
    }
}

fn added(ty: &str, required: bool) -> ChangeKind {
    MemberAdded {
        ty: ty.parse().unwrap(),
        required,
    }
}

fn removed(ty: &str, required: bool) -> ChangeKind {
    MemberRemoved {
        ty: ty.parse().unwrap(),
        required,
    }
}

fn retyped(old: &str, new: &str) -> ChangeKind {
    TypeChanged {
        old: old.parse().unwrap(),
        new: new.parse().unwrap(),
    }
}

fn property(property: Property, old: &str, new: &str) -> ChangeKind {
    PropertyChanged {
        property,
        old: old.to_string(),
        new: new.to_string(),
    }
}

#[test]
fn optional_input_member_added_is_additive() {
    v3(
        |s| {
            action(s, "DescribeVpcs")
                .input
                .push(new_member("IsDefault", "boolean", false))
        },
        &[(
            Additive,
            "actions.DescribeVpcs.input.IsDefault",
            added("boolean", false),
        )],
    );
}

#[test]
fn required_input_member_added_is_breaking() {
    v3(
        |s| {
            action(s, "DeleteVpc")
                .input
                .insert(0, new_member("Region", "string", true))
        },
        &[(
            Breaking,
            "actions.DeleteVpc.input.Region",
            added("string", true),
        )],
    );
}

#[test]
fn output_member_added_is_additive_even_when_flagged_required() {
    v3(
        |s| {
            action(s, "CreateVpc")
                .output
                .push(new_member("TaskId", "string", true))
        },
        &[(
            Additive,
            "actions.CreateVpc.output.TaskId",
            added("string", true),
        )],
    );
}

#[test]
fn member_removed_is_breaking_on_input_and_output() {
    v3(
        |s| {
            remove_member(&mut action(s, "DescribeVpcs").input, "VpcIds");
            remove_member(&mut action(s, "DescribeVpcs").output, "TotalCount");
        },
        &[
            (
                Breaking,
                "actions.DescribeVpcs.input.VpcIds",
                removed("list<string>", false),
            ),
            (
                Breaking,
                "actions.DescribeVpcs.output.TotalCount",
                removed("integer", false),
            ),
        ],
    );
}

#[test]
fn type_changed_is_breaking_everywhere() {
    v3(
        |s| {
            member(&mut action(s, "CreateVpc").input, "EnableMulticast").ty =
                "boolean".parse().unwrap();
            member(&mut action(s, "DescribeVpcs").output, "VpcSet").ty =
                "list<object<VpcInfo>>".parse().unwrap();
            member(&mut object(s, "Filter").members, "Values").ty = "string".parse().unwrap();
            member(&mut s.common_params, "Nonce").ty = "unsigned".parse().unwrap();
        },
        &[
            (
                Breaking,
                "common_params.Nonce",
                retyped("integer", "unsigned"),
            ),
            (
                Breaking,
                "actions.CreateVpc.input.EnableMulticast",
                retyped("string", "boolean"),
            ),
            (
                Breaking,
                "actions.DescribeVpcs.output.VpcSet",
                retyped("list<object<Vpc>>", "list<object<VpcInfo>>"),
            ),
            (
                Breaking,
                "objects.Filter.Values",
                retyped("list<string>", "string"),
            ),
        ],
    );
}

#[test]
fn input_optional_to_required_is_breaking_and_back_is_additive() {
    v3(
        |s| {
            member(&mut action(s, "DescribeVpcs").input, "Limit").required = true;
            member(&mut action(s, "CreateVpc").input, "CidrBlock").required = false;
        },
        &[
            (
                Breaking,
                "actions.DescribeVpcs.input.Limit",
                RequiredChanged {
                    old: false,
                    new: true,
                },
            ),
            (
                Additive,
                "actions.CreateVpc.input.CidrBlock",
                RequiredChanged {
                    old: true,
                    new: false,
                },
            ),
        ],
    );
}

#[test]
fn output_required_flag_is_info_because_responses_are_all_options() {
    v3(
        |s| member(&mut action(s, "DescribeVpcs").output, "TotalCount").required = true,
        &[(
            Info,
            "actions.DescribeVpcs.output.TotalCount",
            RequiredChanged {
                old: false,
                new: true,
            },
        )],
    );
}

#[test]
fn common_params_follow_the_input_rules() {
    v3(
        |s| {
            s.common_params
                .push(new_member("Language", "string", false));
            s.common_params
                .push(new_member("RequestClient", "string", true));
            member(&mut s.common_params, "Token").required = true;
            member(&mut s.common_params, "Region").required = false;
        },
        &[
            (
                Breaking,
                "common_params.RequestClient",
                added("string", true),
            ),
            (
                Breaking,
                "common_params.Token",
                RequiredChanged {
                    old: false,
                    new: true,
                },
            ),
            (Additive, "common_params.Language", added("string", false)),
            (
                Additive,
                "common_params.Region",
                RequiredChanged {
                    old: true,
                    new: false,
                },
            ),
        ],
    );
}

#[test]
fn object_members_follow_the_input_rules() {
    v3(
        |s| {
            let filter = object(s, "Filter");
            member(&mut filter.members, "Values").required = false;
            filter.members.push(new_member("Operator", "string", true));
            let vpc = object(s, "Vpc");
            vpc.members
                .push(new_member("Ipv6CidrBlock", "string", false));
            remove_member(&mut vpc.members, "IsDefault");
        },
        &[
            (Breaking, "objects.Filter.Operator", added("string", true)),
            (Breaking, "objects.Vpc.IsDefault", removed("boolean", false)),
            (
                Additive,
                "objects.Filter.Values",
                RequiredChanged {
                    old: true,
                    new: false,
                },
            ),
            (
                Additive,
                "objects.Vpc.Ipv6CidrBlock",
                added("string", false),
            ),
        ],
    );
}

#[test]
fn actions_and_objects_added_are_additive_and_removed_are_breaking() {
    v3(
        |s| {
            s.actions.retain(|a| a.name != "ModifyVpcAttribute");
            s.objects.retain(|o| o.name != "Filter");
            let mut attribute = s.actions[0].clone();
            attribute.name = "DescribeVpcAttribute".to_string();
            attribute.errors.clear();
            s.actions.push(attribute);
            let mut vpc_info = s.objects[0].clone();
            vpc_info.name = "VpcInfo".to_string();
            s.objects.push(vpc_info);
        },
        &[
            (
                Breaking,
                "actions.ModifyVpcAttribute",
                ActionRemoved {
                    title: "修改VPC属性".to_string(),
                    input: 5,
                    output: 1,
                    errors: 2,
                },
            ),
            (Breaking, "objects.Filter", ObjectRemoved { members: 2 }),
            // A copy of CreateVpc (5 in, 2 out) without its error codes.
            (
                Additive,
                "actions.DescribeVpcAttribute",
                ActionAdded {
                    title: "创建VPC".to_string(),
                    input: 5,
                    output: 2,
                    errors: 0,
                },
            ),
            // A copy of Vpc, the first object once Filter is gone.
            (Additive, "objects.VpcInfo", ObjectAdded { members: 6 }),
        ],
    );
}

#[test]
fn error_code_removed_is_breaking_only_when_its_variant_disappears() {
    v3(
        |s| {
            // Documented only by DescribeVpcs: the ErrorCode variant goes.
            remove_error(
                &mut action(s, "DescribeVpcs").errors,
                "InvalidParameter.Coexist",
            );
            // Still a common code: the variant stays.
            remove_error(&mut action(s, "CreateVpc").errors, "LimitExceeded");
            // A common code no action documents: the variant goes.
            remove_error(&mut s.common_errors, "AuthFailure");
            // A common code DeleteVpc still documents: the variant stays.
            remove_error(&mut s.common_errors, "ResourceInUse");
        },
        &[
            (
                Breaking,
                "common_errors.AuthFailure",
                ErrorCodeRemoved {
                    variant_removed: true,
                },
            ),
            (
                Breaking,
                "actions.DescribeVpcs.errors.InvalidParameter.Coexist",
                ErrorCodeRemoved {
                    variant_removed: true,
                },
            ),
            (
                Info,
                "common_errors.ResourceInUse",
                ErrorCodeRemoved {
                    variant_removed: false,
                },
            ),
            (
                Info,
                "actions.CreateVpc.errors.LimitExceeded",
                ErrorCodeRemoved {
                    variant_removed: false,
                },
            ),
        ],
    );
}

#[test]
fn error_code_added_is_additive_and_says_whether_the_variant_is_new() {
    v3(
        |s| {
            action(s, "CreateVpc")
                .errors
                .push(new_error("InvalidParameterValue.Range"));
            action(s, "DeleteVpc")
                .errors
                .push(new_error("LimitExceeded"));
        },
        &[
            (
                Additive,
                "actions.CreateVpc.errors.InvalidParameterValue.Range",
                ErrorCodeAdded { new_variant: true },
            ),
            (
                Additive,
                "actions.DeleteVpc.errors.LimitExceeded",
                ErrorCodeAdded { new_variant: false },
            ),
        ],
    );
}

#[test]
fn removing_an_action_reports_the_error_variants_that_go_with_it() {
    // v2 DeleteVpc documents InvalidVpc.NotFound (also CreateVpc's) and InvalidVpc.CannotDelete
    // (its own): only the latter's variant disappears.
    assert_edit(
        "v2",
        |s| s.actions.retain(|a| a.name != "DeleteVpc"),
        &[
            (
                Breaking,
                "actions.DeleteVpc",
                ActionRemoved {
                    title: "删除私有网络".to_string(),
                    input: 1,
                    output: 2,
                    errors: 2,
                },
            ),
            (
                Breaking,
                "actions.DeleteVpc.errors.InvalidVpc.CannotDelete",
                ErrorCodeRemoved {
                    variant_removed: true,
                },
            ),
        ],
    );
}

#[test]
fn error_category_is_info() {
    v3(
        |s| s.common_errors[0].category = Some("auth".to_string()),
        &[(
            Info,
            "common_errors.InvalidParameter",
            property(Property::Category, "common", "auth"),
        )],
    );
}

#[test]
fn spec_endpoint_and_protocol_changes_are_breaking() {
    v3(
        |s| {
            s.version = "2019-01-01".to_string();
            s.generation = Generation::V2;
            s.service = "vpc2".to_string();
            s.host = "vpc.ap-guangzhou.tencentcloudapi.com".to_string();
            s.path = "/v3".to_string();
            s.envelope = Envelope::CodeMessage;
        },
        &[
            (
                Breaking,
                "spec",
                property(Property::Version, "2017-03-12", "2019-01-01"),
            ),
            (Breaking, "spec", property(Property::Generation, "v3", "v2")),
            (Breaking, "spec", property(Property::Service, "vpc", "vpc2")),
            (
                Breaking,
                "spec",
                property(
                    Property::Host,
                    "vpc.tencentcloudapi.com",
                    "vpc.ap-guangzhou.tencentcloudapi.com",
                ),
            ),
            (Breaking, "spec", property(Property::Path, "/", "/v3")),
            (
                Breaking,
                "spec",
                property(Property::Envelope, "response", "code_message"),
            ),
        ],
    );
}

#[test]
fn action_host_is_breaking_and_async_flag_is_info() {
    v3(
        |s| {
            action(s, "CreateVpc").host = "vpc.ap-shanghai.tencentcloudapi.com".to_string();
            action(s, "DeleteVpc").is_async = true;
        },
        &[
            (
                Breaking,
                "actions.CreateVpc",
                property(
                    Property::Host,
                    "vpc.tencentcloudapi.com",
                    "vpc.ap-shanghai.tencentcloudapi.com",
                ),
            ),
            (
                Info,
                "actions.DeleteVpc",
                property(Property::Async, "false", "true"),
            ),
        ],
    );
}

#[test]
fn object_origin_is_info() {
    v3(
        |s| object(s, "Filter").origin = "DescribeVpcs input Filters.N".to_string(),
        &[(
            Info,
            "objects.Filter",
            property(
                Property::Origin,
                "documented",
                "DescribeVpcs input Filters.N",
            ),
        )],
    );
}

#[test]
fn description_edits_are_counted_per_action_object_and_spec() {
    v3(
        |s| {
            let create = action(s, "CreateVpc");
            create.title = "创建私有网络".to_string();
            create.description.push_str("\n- 新增说明。");
            member(&mut create.input, "VpcName").description = "vpc名称。".to_string();
            member(&mut create.output, "Vpc").description = "私有网络对象。".to_string();
            create.errors[0].description = "参数取值错误。".to_string();
            object(s, "Vpc").description = "私有网络对象。".to_string();
            member(&mut object(s, "Filter").members, "Name").description = "属性名称。".to_string();
            member(&mut s.common_params, "Region").description = "地域参数。".to_string();
            s.common_errors[1].description = "参数取值错误。".to_string();
        },
        &[
            (Info, "spec", DescriptionsChanged { count: 2 }),
            (Info, "actions.CreateVpc", DescriptionsChanged { count: 5 }),
            (Info, "objects.Filter", DescriptionsChanged { count: 1 }),
            (Info, "objects.Vpc", DescriptionsChanged { count: 1 }),
        ],
    );
}

#[test]
fn example_edits_are_counted_per_action() {
    v3(
        |s| {
            let describe = action(s, "DescribeVpcs");
            describe.examples[0]
                .request
                .push(("VpcIds.0".to_string(), "vpc-f49l6u0z".to_string()));
            let mut second = describe.examples[0].clone();
            second.title = "示例2 按ID查询VPC".to_string();
            describe.examples.push(second);
            let create = action(s, "CreateVpc");
            create.examples[0].title = "示例1 创建私有网络".to_string();
            let delete = action(s, "DeleteVpc");
            delete.examples[0].response = None;
        },
        &[
            (
                Info,
                "actions.CreateVpc",
                ExamplesChanged {
                    added: 1,
                    removed: 1,
                    changed: 0,
                },
            ),
            (
                Info,
                "actions.DeleteVpc",
                ExamplesChanged {
                    added: 0,
                    removed: 0,
                    changed: 1,
                },
            ),
            (
                Info,
                "actions.DescribeVpcs",
                ExamplesChanged {
                    added: 1,
                    removed: 0,
                    changed: 1,
                },
            ),
        ],
    );
}

#[test]
fn repeated_names_are_compared_by_occurrence() {
    // Not through `assert_edit`: with a name repeated, order does matter (the k-th occurrence is
    // matched with the k-th), so the order-independence property does not hold.
    let old = fixture("base", "v20170312");
    let mut new = old.clone();
    let mut copy = action(&mut new, "DeleteVpc").clone();
    copy.input.push(new_member("Force", "boolean", false));
    new.actions.push(copy);
    let forward = diff_specs(&old, &new);
    let subjects: Vec<(Severity, String, ChangeKind)> = forward
        .changes
        .into_iter()
        .map(|c| (c.severity, c.subject.to_string(), c.kind))
        .collect();
    assert_eq!(
        subjects,
        [(
            Additive,
            "actions.DeleteVpc#2".to_string(),
            ActionAdded {
                title: "删除VPC".to_string(),
                input: 2,
                output: 1,
                errors: 3
            }
        )]
    );
    let backward = diff_specs(&new, &old);
    assert_eq!(backward.changes.len(), 1);
    assert!(matches!(
        backward.changes[0].kind,
        ActionRemoved { input: 2, .. }
    ));
    assert_eq!(
        backward.changes[0].subject.to_string(),
        "actions.DeleteVpc#2"
    );
}

#[test]
fn generation_removed_is_breaking_and_added_is_additive() {
    let v3 = fixture("base", "v20170312");
    let v2 = fixture("base", "v2");
    let diff = diff_spec_sets(&[v3.clone(), v2], &[v3]).unwrap();
    let v2_diff = &diff.generations[1];
    assert_eq!(v2_diff.version, "v2");
    assert_eq!(v2_diff.changes.len(), 1);
    assert_eq!(v2_diff.changes[0].severity, Breaking);
    assert_eq!(
        v2_diff.changes[0].kind,
        GenerationRemoved {
            actions: 2,
            objects: 3
        }
    );
    assert!(diff.generations[0].is_empty());
}

#[test]
fn a_version_twice_on_one_side_is_an_error() {
    let v3 = fixture("base", "v20170312");
    let err = diff_spec_sets(std::slice::from_ref(&v3), &[v3.clone(), v3.clone()]).unwrap_err();
    assert_eq!(
        err,
        DiffError::DuplicateVersion {
            side: Side::New,
            version: "2017-03-12".to_string()
        }
    );
    assert_eq!(
        err.to_string(),
        "two new specs have version `2017-03-12`; each version may appear once per side"
    );
}

fn describe_vpcs_enriched(spec: &mut ApiSpec) {
    use tcgen_codegen::spec::{FilterSpec, FilterType, Paging};
    let action = action(spec, "DescribeVpcs");
    action.filters = vec![FilterSpec {
        name: "vpc-name".into(),
        ty: FilterType::String,
        description: String::new(),
        line: 1,
    }];
    action.paging = Some(Paging {
        offset: "Offset".into(),
        limit: "Limit".into(),
        items: vec!["VpcSet".into()],
        total: Some(vec!["TotalCount".into()]),
        max_limit: Some(100),
    });
}

#[test]
fn derived_filters_and_paging_added_are_additive() {
    v3(
        describe_vpcs_enriched,
        &[
            (
                Additive,
                "actions.DescribeVpcs",
                PropertyChanged {
                    property: Property::Paging,
                    old: "none".into(),
                    new: "Offset/Limit -> VpcSet (total TotalCount) (max 100)".into(),
                },
            ),
            (
                Additive,
                "actions.DescribeVpcs.filters.vpc-name",
                FilterAdded {
                    ty: "string".into(),
                },
            ),
        ],
    );
}

#[test]
fn derived_filters_and_paging_removed_or_retyped_are_breaking() {
    let mut old = fixture("base", "v20170312");
    describe_vpcs_enriched(&mut old);
    let mut new = old.clone();
    action(&mut new, "DescribeVpcs").paging = None;
    action(&mut new, "DescribeVpcs").filters[0].ty = tcgen_codegen::spec::FilterType::Boolean;
    let found: Vec<(Severity, String)> = diff_specs(&old, &new)
        .changes
        .into_iter()
        .map(|c| (c.severity, c.subject.to_string()))
        .collect();
    assert_eq!(
        found,
        [
            (Breaking, "actions.DescribeVpcs".to_string()),
            (
                Breaking,
                "actions.DescribeVpcs.filters.vpc-name".to_string()
            ),
        ]
    );
    action(&mut new, "DescribeVpcs").filters.clear();
    let removed = diff_specs(&old, &new);
    assert!(removed.changes.iter().any(|c| c.severity == Breaking
        && c.kind
            == FilterRemoved {
                ty: "string".into()
            }));
    assert_diff_properties(&old, &new);
}

fn renamed(from: &str, old: (&str, bool), new: (&str, bool)) -> ChangeKind {
    MemberRenamed {
        from: from.to_string(),
        old_type: old.0.parse().unwrap(),
        old_required: old.1,
        ty: new.0.parse().unwrap(),
        required: new.1,
    }
}

#[test]
fn a_member_removed_and_a_similar_one_added_in_one_place_is_one_breaking_rename() {
    v3(
        |s| {
            // A typo fixed (one edit), a case fixed, and a word inserted (3 edits of 13).
            member(&mut object(s, "Vpc").members, "VpcName").name = "VpccName".to_string();
            member(&mut object(s, "Vpc").members, "CidrBlock").name = "CIDRBlock".to_string();
            let create = action(s, "CreateVpc");
            member(&mut create.input, "DomainName").name = "VpcDomainName".to_string();
        },
        &[
            (
                Breaking,
                "actions.CreateVpc.input.VpcDomainName",
                renamed("DomainName", ("string", false), ("string", false)),
            ),
            (
                Breaking,
                "objects.Vpc.CIDRBlock",
                renamed("CidrBlock", ("string", false), ("string", false)),
            ),
            (
                Breaking,
                "objects.Vpc.VpccName",
                renamed("VpcName", ("string", false), ("string", false)),
            ),
        ],
    );
}

#[test]
fn a_rename_is_only_paired_within_one_place_and_between_similar_names() {
    v3(
        |s| {
            // Removed from the request, added to the response: two places, no pair.
            let create = action(s, "CreateVpc");
            remove_member(&mut create.input, "DomainName");
            create
                .output
                .push(new_member("DomainNames", "string", false));
            // A different name in the same place: no pair.
            remove_member(&mut object(s, "Vpc").members, "IsDefault");
            object(s, "Vpc")
                .members
                .push(new_member("Ipv6CidrBlock", "boolean", false));
        },
        &[
            (
                Breaking,
                "actions.CreateVpc.input.DomainName",
                removed("string", false),
            ),
            (Breaking, "objects.Vpc.IsDefault", removed("boolean", false)),
            (
                Additive,
                "actions.CreateVpc.output.DomainNames",
                added("string", false),
            ),
            (
                Additive,
                "objects.Vpc.Ipv6CidrBlock",
                added("boolean", false),
            ),
        ],
    );
}

#[test]
fn a_rename_prefers_the_member_of_the_same_type_and_shows_a_changed_type() {
    v3(
        |s| {
            let vpc = object(s, "Vpc");
            remove_member(&mut vpc.members, "CreatedTime");
            // One edit away but another type; the same-typed CreationTime (three edits) wins.
            vpc.members
                .push(new_member("CreatedTimes", "list<object<Vpc>>", false));
            vpc.members
                .push(new_member("CreationTime", "string", false));
            // Another type is paired only at most two edits away.
            remove_member(&mut vpc.members, "VpcId");
            vpc.members
                .push(new_member("VpcIds", "list<string>", false));
        },
        &[
            (
                Breaking,
                "objects.Vpc.CreationTime",
                renamed("CreatedTime", ("string", false), ("string", false)),
            ),
            (
                Breaking,
                "objects.Vpc.VpcIds",
                renamed("VpcId", ("string", false), ("list<string>", false)),
            ),
            (
                Additive,
                "objects.Vpc.CreatedTimes",
                added("list<object<Vpc>>", false),
            ),
        ],
    );
}

#[test]
fn a_code_listed_in_two_tables_is_one_code_with_both_categories() {
    // Today's docs list the AuthFailure codes in both the 返回结果 and the 接口鉴权 table.
    v3(
        |s| {
            let mut again = s.common_errors[4].clone();
            assert_eq!(again.code, "AuthFailure");
            again.category = Some("auth".to_string());
            again.description = String::new();
            s.common_errors.push(again);
            let mut new_code = new_error("AuthFailure.InvalidAuthorization");
            new_code.category = Some("common".to_string());
            s.common_errors.push(new_code.clone());
            new_code.category = Some("auth".to_string());
            s.common_errors.push(new_code);
        },
        &[
            (
                Additive,
                "common_errors.AuthFailure.InvalidAuthorization",
                ErrorCodeAdded { new_variant: true },
            ),
            (
                Info,
                "common_errors.AuthFailure",
                property(Property::Category, "common", "auth+common"),
            ),
        ],
    );
}

#[test]
fn a_code_listed_twice_in_both_specs_is_no_change() {
    let mut old = fixture("base", "v20170312");
    let mut again = old.common_errors[4].clone();
    again.category = Some("auth".to_string());
    old.common_errors.push(again);
    let mut new = old.clone();
    // The order of the tables does not show.
    new.common_errors.reverse();
    assert!(diff_specs(&old, &new).is_empty());
}

#[test]
fn a_required_flag_the_new_docs_do_not_state_keeps_the_old_one_with_a_warning() {
    let old = fixture("base", "v20170312");
    let mut new = old.clone();
    let region = member(&mut new.common_params, "Region");
    assert!(region.required);
    region.required = false;
    region.required_unstated = true;
    let diff = diff_specs(&old, &new);
    assert!(diff.changes.is_empty(), "{:?}", diff.changes);
    assert_eq!(diff.warnings.len(), 1);
    assert_eq!(diff.warnings[0].subject.to_string(), "common_params.Region");
    assert!(
        diff.warnings[0]
            .message
            .contains("kept the old spec's `required`"),
        "{}",
        diff.warnings[0].message
    );
    // Every format shows the warning; JSON reads back with it.
    let set = tcgen_codegen::diff::SpecSetDiff::from(diff.clone());
    for format in [Format::Text, Format::Markdown] {
        assert!(
            render(&set, format).contains("common_params.Region"),
            "{format:?}"
        );
    }
    let json = render(&set, Format::Json);
    let read_back: tcgen_codegen::diff::SpecSetDiff = serde_json::from_str(&json).unwrap();
    assert_eq!(read_back, set, "{json}");
    // The other way round: the flag the new docs state is kept, and said.
    let back = diff_specs(&new, &old);
    assert!(back.changes.is_empty(), "{:?}", back.changes);
    assert!(back.warnings[0]
        .message
        .contains("kept the new spec's `required`"));
    // Not stated on both sides: nothing to say. Stated again and changed: a change.
    assert!(diff_specs(&new, &new).is_empty());
    let mut optional = old.clone();
    member(&mut optional.common_params, "Region").required = false;
    assert_eq!(
        diff_specs(&old, &optional).changes[0].kind,
        RequiredChanged {
            old: true,
            new: false
        }
    );
}

fn vpc_task() -> tcgen_codegen::spec::TaskPolling {
    let text = |values: &[&str]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
    tcgen_codegen::spec::TaskPolling {
        action: "DescribeVpcTaskResult".into(),
        id: text(&["RequestId"]),
        input: "TaskId".into(),
        source: "async-note".into(),
        sentence: "本接口为异步接口，可调用 DescribeVpcTaskResult 接口查询任务执行结果。".into(),
        status: text(&["Status"]),
        running: text(&["RUNNING"]),
        success: text(&["SUCCESS"]),
        failure: text(&["FAILED"]),
        code: vec![],
        message: text(&["Output"]),
    }
}

#[test]
fn a_task_shows_its_poller_id_states_and_source() {
    v3(
        |spec| action(spec, "DescribeVpcs").task = Some(vpc_task()),
        &[(
            Additive,
            "actions.DescribeVpcs",
            PropertyChanged {
                property: Property::Task,
                old: "none".into(),
                new: "DescribeVpcTaskResult(TaskId) <- RequestId; Status: SUCCESS|FAILED|RUNNING \
                      (async-note)"
                    .into(),
            },
        )],
    );
    // Other states are a change in behaviour only (info); the reason an action is left out is
    // info too.
    let mut old = fixture("base", "v20170312");
    action(&mut old, "DescribeVpcs").task = Some(vpc_task());
    let mut new = old.clone();
    action(&mut new, "DescribeVpcs")
        .task
        .as_mut()
        .unwrap()
        .running
        .push("QUEUED".into());
    action(&mut new, "CreateVpc").task_left_out =
        Some("`本接口为异步接口` names no polling action".into());
    let found: Vec<(Severity, String, Property)> = diff_specs(&old, &new)
        .changes
        .into_iter()
        .filter_map(|c| match c.kind {
            PropertyChanged { property, .. } => Some((c.severity, c.subject.to_string(), property)),
            _ => None,
        })
        .collect();
    assert_eq!(
        found,
        [
            (Info, "actions.CreateVpc".to_string(), Property::TaskLeftOut),
            (Info, "actions.DescribeVpcs".to_string(), Property::Task),
        ]
    );
}
