//! Long-running task helpers: which `Start*Task` operations get a generated "wait until the task
//! ends" method, decided from the shapes of the model (no service names).
//!
//! The rule: an operation `Start{X}Task` whose output has `TaskId` (a string) and `TaskStatus`
//! (an enum), paired with a paginated `List{X}Tasks` whose input has a `TaskIdentifier` list of
//! strings and whose items are structures with `TaskId` and `TaskStatus` of the same enum. The
//! task is still running while its status is one of [`RUNNING_STATUSES`]; any other value
//! (including one the SDK does not know) ends the wait. An enum with none of those values gets no
//! helper, since the generator could not tell when a task ends.

use crate::ir::{Enumeration, Field, Ir, ItemPath, OperationIr, RustType, Structure};
use crate::model::EnumValue;

/// Status values that mean "not finished yet".
pub const RUNNING_STATUSES: &[&str] = &["IN_PROGRESS", "PENDING", "RUNNING", "QUEUED"];

/// One generated task helper.
#[derive(Debug, Clone)]
pub struct TaskHelper {
    /// The client method, `wait_for_{x}_task`.
    pub method: String,
    /// The `Start{X}Task` operation's wire name.
    pub start_operation: String,
    /// The `List{X}Tasks` operation's wire name.
    pub list_operation: String,
    pub list_input: ItemPath,
    pub list_error: String,
    pub list_module: String,
    /// Required members of the list input (other than the task filter): the method's parameters.
    pub params: Vec<Field>,
    /// The list input's `TaskIdentifier` field.
    pub id_filter: Field,
    /// The list output's items field.
    pub items: Field,
    /// The summary structure and its `TaskId` and `TaskStatus` fields.
    pub summary: ItemPath,
    pub summary_id: Field,
    pub summary_status: Field,
    /// The running values of the status enum.
    pub running: Vec<String>,
}

fn field<'a>(s: &'a Structure, wire: &str) -> Option<&'a Field> {
    s.fields.iter().find(|f| f.wire_name == wire)
}

fn named(ty: &RustType) -> Option<&ItemPath> {
    match ty {
        RustType::Named(path) => Some(path),
        _ => None,
    }
}

/// The task helpers of a resolved service, in operation order.
pub fn task_helpers(ir: &Ir) -> Vec<TaskHelper> {
    ir.operations
        .iter()
        .filter_map(|start| helper_for(ir, start))
        .collect()
}

fn helper_for(ir: &Ir, start: &OperationIr) -> Option<TaskHelper> {
    let x = start
        .wire_name
        .strip_prefix("Start")?
        .strip_suffix("Task")?;
    let list = ir
        .operations
        .iter()
        .find(|op| op.wire_name == format!("List{x}Tasks"))?;
    let pagination = list.paginated.as_ref()?;
    if field(&start.output, "TaskId")?.ty != RustType::String {
        return None;
    }
    let status_enum = named(&field(&start.output, "TaskStatus")?.ty)?;
    let id_filter = field(&list.input, "TaskIdentifier")?;
    match &id_filter.ty {
        RustType::List {
            element,
            sparse: false,
        } if **element == RustType::String => {}
        _ => return None,
    }
    let items = field(&list.output, pagination.items.as_deref()?)?;
    let RustType::List {
        element,
        sparse: false,
    } = &items.ty
    else {
        return None;
    };
    let summary_path = named(element)?;
    let summary = ir.structures.iter().find(|s| &s.path == summary_path)?;
    let summary_id = field(summary, "TaskId")?;
    let summary_status = field(summary, "TaskStatus")?;
    if summary_id.ty != RustType::String || named(&summary_status.ty) != Some(status_enum) {
        return None;
    }
    let running = running_values(ir.enums.iter().find(|e| &e.path == status_enum)?);
    if running.is_empty() {
        return None;
    }
    let params = list
        .input
        .fields
        .iter()
        .filter(|f| !f.optional && f.default.is_none() && f.wire_name != "TaskIdentifier")
        .cloned()
        .collect();
    let method = format!(
        "wait_for_{}",
        start
            .module
            .trim_start_matches("r#")
            .trim_start_matches("start_")
    );
    Some(TaskHelper {
        method,
        start_operation: start.wire_name.clone(),
        list_operation: list.wire_name.clone(),
        list_input: list.input.path.clone(),
        list_error: list.error_enum.name.clone(),
        list_module: list.module.clone(),
        params,
        id_filter: id_filter.clone(),
        items: items.clone(),
        summary: summary_path.clone(),
        summary_id: summary_id.clone(),
        summary_status: summary_status.clone(),
        running,
    })
}

fn running_values(e: &Enumeration) -> Vec<String> {
    e.variants
        .iter()
        .filter_map(|v| match &v.value {
            EnumValue::String(s) if RUNNING_STATUSES.contains(&s.as_str()) => Some(s.clone()),
            _ => None,
        })
        .collect()
}
