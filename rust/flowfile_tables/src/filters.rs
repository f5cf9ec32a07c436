//! Column filters -> a kernel predicate used for file skipping (partition
//! values and file statistics). Literals take the column's type; a filter
//! on a type we do not map is left out (skipping less, never wrongly): the
//! C++ side filters rows exactly afterwards.

use std::sync::Arc;

use delta_kernel::expressions::Scalar;
use delta_kernel::schema::{DataType, StructType};
use delta_kernel::{Expression, Predicate, PredicateRef};

pub enum FilterOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    IsNull,
    IsNotNull,
}

pub enum FilterValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

pub struct Filter {
    pub column: String,
    pub op: FilterOp,
    pub value: FilterValue,
}

/// The AND of the filters the kernel can use; None when there are none.
pub fn predicate(filters: &[Filter], schema: &StructType) -> Option<PredicateRef> {
    let parts: Vec<Predicate> = filters.iter().filter_map(|filter| one(filter, schema)).collect();
    if parts.is_empty() {
        None
    } else {
        Some(Arc::new(Predicate::and_from(parts)))
    }
}

fn one(filter: &Filter, schema: &StructType) -> Option<Predicate> {
    let field = schema.field(&filter.column)?;
    let column = Expression::column([filter.column.as_str()]);
    match filter.op {
        FilterOp::IsNull => return Some(Predicate::is_null(column)),
        FilterOp::IsNotNull => return Some(Predicate::is_not_null(column)),
        _ => {}
    }
    let literal = Expression::literal(scalar(&filter.value, field.data_type())?);
    Some(match filter.op {
        FilterOp::Eq => Predicate::eq(column, literal),
        FilterOp::Ne => Predicate::ne(column, literal),
        FilterOp::Lt => Predicate::lt(column, literal),
        FilterOp::Le => Predicate::le(column, literal),
        FilterOp::Gt => Predicate::gt(column, literal),
        FilterOp::Ge => Predicate::ge(column, literal),
        FilterOp::IsNull | FilterOp::IsNotNull => unreachable!(),
    })
}

/// The value as a scalar of the column's type, when it fits exactly.
fn scalar(value: &FilterValue, data_type: &DataType) -> Option<Scalar> {
    Some(match (value, data_type) {
        (FilterValue::Int(v), t) if *t == DataType::LONG => Scalar::Long(*v),
        (FilterValue::Int(v), t) if *t == DataType::INTEGER => Scalar::Integer(i32::try_from(*v).ok()?),
        (FilterValue::Int(v), t) if *t == DataType::SHORT => Scalar::Short(i16::try_from(*v).ok()?),
        (FilterValue::Int(v), t) if *t == DataType::BYTE => Scalar::Byte(i8::try_from(*v).ok()?),
        (FilterValue::Int(v), t) if *t == DataType::DOUBLE => Scalar::Double(*v as f64),
        (FilterValue::Float(v), t) if *t == DataType::DOUBLE => Scalar::Double(*v),
        (FilterValue::Text(v), t) if *t == DataType::STRING => Scalar::String(v.clone()),
        (FilterValue::Bool(v), t) if *t == DataType::BOOLEAN => Scalar::Boolean(*v),
        _ => return None,
    })
}
