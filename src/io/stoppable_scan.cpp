#include "src/io/stoppable_scan.h"

#include <arrow/acero/exec_plan.h>
#include <arrow/acero/options.h>
#include <arrow/compute/api_scalar.h>
#include <arrow/compute/exec.h>
#include <arrow/dataset/plan.h>
#include <arrow/util/checked_cast.h>
#include <arrow/util/thread_pool.h>

#include <mutex>
#include <optional>

namespace flowfile::io {
namespace {

// The "scan" node is registered by the dataset library on request.
void RegisterScanNode() {
  static std::once_flag once;
  std::call_once(once, [] { arrow::dataset::internal::Initialize(); });
}

class StoppableScanReader final : public arrow::RecordBatchReader {
 public:
  StoppableScanReader(std::shared_ptr<arrow::acero::ExecPlan> plan,
                      std::function<arrow::Future<std::optional<arrow::compute::ExecBatch>>()> batches,
                      std::shared_ptr<arrow::Schema> schema)
      : plan_(std::move(plan)), batches_(std::move(batches)), schema_(std::move(schema)) {}

  ~StoppableScanReader() override { (void)Close(); }

  std::shared_ptr<arrow::Schema> schema() const override { return schema_; }

  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) override {
    *batch = nullptr;
    if (plan_ == nullptr) return arrow::Status::OK();
    arrow::Result<std::optional<arrow::compute::ExecBatch>> next = batches_().result();
    if (!next.ok()) {
      (void)Close();
      return next.status();
    }
    if (!next->has_value()) {
      // The end: the plan's own status says whether it ended well.
      arrow::Status finished = plan_->finished().status();
      plan_.reset();
      return finished;
    }
    ARROW_ASSIGN_OR_RAISE(*batch, (*next)->ToRecordBatch(schema_));
    return arrow::Status::OK();
  }

  // Stops the plan (no new reads start) and waits for the reads in flight:
  // their completions touch the plan, the files and the filesystem.
  arrow::Status Close() override {
    if (plan_ == nullptr) return arrow::Status::OK();
    if (!plan_->finished().is_finished()) plan_->StopProducing();
    plan_->finished().Wait();
    plan_.reset();
    batches_ = nullptr;
    return arrow::Status::OK();
  }

 private:
  std::shared_ptr<arrow::acero::ExecPlan> plan_;  // null once closed or at the end
  std::function<arrow::Future<std::optional<arrow::compute::ExecBatch>>()> batches_;
  std::shared_ptr<arrow::Schema> schema_;
};

}  // namespace

arrow::Result<std::shared_ptr<arrow::RecordBatchReader>> OpenStoppableScan(
    const arrow::dataset::Scanner& scanner) {
  RegisterScanNode();
  const std::shared_ptr<arrow::dataset::ScanOptions>& options = scanner.options();
  // The scanner's projection is make_struct(columns...): one output column each.
  const arrow::compute::Expression::Call* projection = options->projection.call();
  if (projection == nullptr || projection->function_name != "make_struct")
    return arrow::Status::Invalid("The scan has no column projection.");
  const auto& names =
      ::arrow::internal::checked_cast<const arrow::compute::MakeStructOptions&>(*projection->options).field_names;

  arrow::compute::ExecContext context(options->pool, ::arrow::internal::GetCpuThreadPool());
  ARROW_ASSIGN_OR_RAISE(std::shared_ptr<arrow::acero::ExecPlan> plan, arrow::acero::ExecPlan::Make(context));
  std::function<arrow::Future<std::optional<arrow::compute::ExecBatch>>()> batches;
  std::shared_ptr<arrow::Schema> schema;
  ARROW_RETURN_NOT_OK(arrow::acero::Declaration::Sequence(
                          {
                              {"scan", arrow::dataset::ScanNodeOptions{scanner.dataset(), options,
                                                                       /*require_sequenced_output=*/true,
                                                                       /*implicit_ordering=*/true}},
                              {"filter", arrow::acero::FilterNodeOptions{options->filter}},
                              {"project", arrow::acero::ProjectNodeOptions{projection->arguments, names}},
                              {"sink", arrow::acero::SinkNodeOptions{&batches, &schema, options->backpressure,
                                                                     /*backpressure_monitor=*/nullptr,
                                                                     /*sequence_output=*/true}},
                          })
                          .AddToPlan(plan.get()));
  ARROW_RETURN_NOT_OK(plan->Validate());
  plan->StartProducing();
  return std::make_shared<StoppableScanReader>(std::move(plan), std::move(batches), std::move(schema));
}

}  // namespace flowfile::io
