// The built-in step types of SPEC §3: names, aliases, tier classes, kinds, which config
// fields hold expressions, and how an attempt of each runs. Their config schemas are
// schemas/steps/<type>.schema.json.
#include "nodes/data_steps.hpp"
#include "nodes/http_step.hpp"
#include "nodes/llm_step.hpp"
#include "nodes/record_steps.hpp"
#include "nodes/registry.hpp"
#include "nodes/schedule_config.hpp"
#include "nodes/send_email_step.hpp"

namespace weft::nodes {
namespace {

using core::step_class;

step_type make(std::string type, std::vector<std::string> aliases, step_class tier, bool trigger,
               std::vector<std::string> expression_fields, std::string name, std::string category,
               std::string description, std::string icon) {
  step_type t;
  t.info.type = std::move(type);
  t.info.aliases = std::move(aliases);
  t.info.tier = tier;
  t.info.trigger = trigger;
  t.info.expression_fields = std::move(expression_fields);
  t.metadata = {std::move(name), std::move(description), std::move(category), std::move(icon)};
  return t;
}

step_type checked_by(step_type t, config_check check) {
  t.check = check;
  return t;
}

step_type of_kind(step_type t, core::step_kind kind) {
  t.info.kind = kind;
  return t;
}

step_type runs(step_type t, step_runner runner) {
  t.runner = runner;
  return t;
}

// The runners, by how a type's handler waits.
template <step_result (*handler)(const step_context&)>
step_start result_of(const step_context& ctx, const std::string&) {
  return handler(ctx);
}
template <step_result (*handler)(const step_context&)>
constexpr step_runner computes{&result_of<handler>, false};  // on the thread it is given
template <step_result (*handler)(const step_context&)>
constexpr step_runner blocks_on_storage{&result_of<handler>, true};

step_start email(const step_context& ctx, const std::string& key) { return run_send_email(ctx, key); }
constexpr step_runner blocks_on_smtp{&email, true};

constexpr step_runner calls_out(step_start (*start)(const step_context&, const std::string&)) { return {start, false}; }

step_type gives_the_execution_output(step_type t) {
  t.info.execution_output = true;
  return t;
}

}  // namespace

std::vector<step_type> builtin_types() {
  const auto basic = step_class::basic;
  const auto advanced = step_class::advanced;
  return {
      runs(make("trigger", {"manualTrigger", "manual_trigger"}, basic, true, {}, "Manual Trigger", "triggers",
                "Starts the workflow when it is executed by hand or through the API.", "PlayIcon"),
           computes<run_trigger>),
      runs(make("input", {"manualInput"}, basic, true, {}, "Input", "triggers",
                "Validates the execution input against the input schema and applies defaults.", "ArrowDownTrayIcon"),
           computes<run_input>),
      gives_the_execution_output(runs(
          make("output", {}, basic, false, {"/value"}, "Output", "flow", "The result of the execution.", "ArrowUpTrayIcon"),
          computes<run_output>)),
      runs(make("condition", {}, basic, false, {"/conditions/*/condition"}, "Condition", "flow",
                "Routes to the first branch whose condition holds, else to the default.", "ArrowsRightLeftIcon"),
           computes<run_condition>),
      runs(make("transform", {"addField", "set"}, basic, false, {"/set/*"}, "Transform", "data",
                "Sets and removes fields using expressions.", "AdjustmentsHorizontalIcon"),
           computes<run_transform>),
      runs(of_kind(make("http", {"http_request"}, basic, false, {"/timeout_ms"}, "HTTP Request", "integrations",
                        "Calls an HTTP endpoint; JSON answers are parsed.", "GlobeAltIcon"),
                   core::step_kind::outside),
           calls_out(start_http_step)),
      of_kind(make("delay", {}, basic, false, {"/duration_ms", "/until"}, "Delay", "flow",
                   "Waits on a durable timer that survives restarts.", "ClockIcon"),
              core::step_kind::timer),
      runs(make("log", {}, basic, false, {}, "Log", "utility", "Writes a message to the execution's log.", "DocumentTextIcon"),
           computes<run_log>),
      make("comment", {}, basic, false, {}, "Comment", "utility", "A note on the canvas; does nothing.", "ChatBubbleLeftIcon"),
      runs(make("fail", {}, basic, false, {}, "Fail", "flow", "Ends the execution as failed with a message.", "XCircleIcon"),
           computes<run_fail>),
      runs(make("parallel", {}, advanced, false, {}, "Parallel", "flow", "Runs every successor at once.", "Square2StackIcon"),
           computes<run_parallel>),
      runs(make("join", {"merge"}, advanced, false, {}, "Join", "flow",
                "Waits for all incoming branches and combines their outputs.", "ArrowsPointingInIcon"),
           computes<run_join>),
      of_kind(make("loop", {"foreach"}, advanced, false, {"/items", "/concurrency"}, "Loop", "flow",
                   "Runs a sub-graph or a sub-workflow for each item of an array.", "ArrowPathIcon"),
              core::step_kind::child_runs),
      runs(make("aggregate", {}, advanced, false, {"/items"}, "Aggregate", "data",
                "Counts, sums, averages, finds min/max or groups an array.", "CalculatorIcon"),
           computes<run_aggregate>),
      of_kind(make("subworkflow", {}, advanced, false, {"/input"}, "Sub-workflow", "flow",
                   "Runs another workflow and waits for its result.", "RectangleGroupIcon"),
              core::step_kind::child_runs),
      of_kind(make("wait_for_signal", {}, advanced, false, {"/timeout_ms"}, "Wait for Signal", "flow",
                   "Waits for a signal such as a human approval.", "HandRaisedIcon"),
              core::step_kind::signal),
      runs(of_kind(make("llm", {}, advanced, false, {}, "LLM", "ai", "Calls an OpenAI-compatible chat completion API.",
                        "SparklesIcon"),
                   core::step_kind::outside),
           calls_out(start_llm_step)),
      runs(make("csvInput", {"excelInput"}, advanced, false, {}, "CSV Input", "data", "Parses CSV text into records.",
                "TableCellsIcon"),
           computes<run_csv_input>),
      runs(make("splitColumns", {}, advanced, false, {"/items"}, "Split Columns", "data",
                "Splits one column into several.", "ViewColumnsIcon"),
           computes<run_split_columns>),
      runs(of_kind(make("saveRecords", {}, advanced, false, {"/records"}, "Save Records", "data",
                        "Upserts records into a tenant collection.", "CircleStackIcon"),
                   core::step_kind::outside),
           blocks_on_storage<run_save_records>),
      runs(of_kind(make("fetchData", {}, advanced, false, {}, "Fetch Data", "data",
                        "Reads records from a tenant collection.", "MagnifyingGlassIcon"),
                   core::step_kind::outside),
           blocks_on_storage<run_fetch_data>),
      runs(of_kind(make("sendEmail", {}, advanced, false, {}, "Send Email", "integrations", "Sends an email over SMTP.",
                        "EnvelopeIcon"),
                   core::step_kind::outside),
           blocks_on_smtp),
      runs(make("webhook", {}, advanced, true, {}, "Webhook", "triggers", "Starts the workflow on an incoming HTTP request.",
                "BoltIcon"),
           computes<run_trigger>),
      runs(checked_by(make("schedule", {}, advanced, true, {}, "Schedule", "triggers", "Starts the workflow on a cron schedule.",
                           "CalendarIcon"),
                      check_schedule_config),
           computes<run_trigger>),
  };
}

}  // namespace weft::nodes
