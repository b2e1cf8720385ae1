// The built-in step types of SPEC §3: names, aliases, tier classes and which config fields
// hold expressions. Their config schemas are schemas/steps/<type>.schema.json.
#include "nodes/registry.hpp"
#include "nodes/schedule_config.hpp"

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

}  // namespace

std::vector<step_type> builtin_types() {
  const auto basic = step_class::basic;
  const auto advanced = step_class::advanced;
  return {
      make("trigger", {"manualTrigger", "manual_trigger"}, basic, true, {}, "Manual Trigger", "triggers",
           "Starts the workflow when it is executed by hand or through the API.", "PlayIcon"),
      make("input", {"manualInput"}, basic, true, {}, "Input", "triggers",
           "Validates the execution input against the input schema and applies defaults.", "ArrowDownTrayIcon"),
      make("output", {}, basic, false, {"/value"}, "Output", "flow", "The result of the execution.", "ArrowUpTrayIcon"),
      make("condition", {}, basic, false, {"/conditions/*/condition"}, "Condition", "flow",
           "Routes to the first branch whose condition holds, else to the default.", "ArrowsRightLeftIcon"),
      make("transform", {"addField", "set"}, basic, false, {"/set/*"}, "Transform", "data",
           "Sets and removes fields using expressions.", "AdjustmentsHorizontalIcon"),
      of_kind(make("http", {"http_request"}, basic, false, {"/timeout_ms"}, "HTTP Request", "integrations",
           "Calls an HTTP endpoint; JSON answers are parsed.", "GlobeAltIcon"), core::step_kind::outside),
      of_kind(make("delay", {}, basic, false, {"/duration_ms", "/until"}, "Delay", "flow",
           "Waits on a durable timer that survives restarts.", "ClockIcon"), core::step_kind::timer),
      make("log", {}, basic, false, {}, "Log", "utility", "Writes a message to the execution's log.", "DocumentTextIcon"),
      make("comment", {}, basic, false, {}, "Comment", "utility", "A note on the canvas; does nothing.", "ChatBubbleLeftIcon"),
      make("fail", {}, basic, false, {}, "Fail", "flow", "Ends the execution as failed with a message.", "XCircleIcon"),
      make("parallel", {}, advanced, false, {}, "Parallel", "flow", "Runs every successor at once.", "Square2StackIcon"),
      make("join", {"merge"}, advanced, false, {}, "Join", "flow",
           "Waits for all incoming branches and combines their outputs.", "ArrowsPointingInIcon"),
      of_kind(make("loop", {"foreach"}, advanced, false, {"/items", "/concurrency"}, "Loop", "flow",
           "Runs a sub-graph or a sub-workflow for each item of an array.", "ArrowPathIcon"), core::step_kind::child_runs),
      make("aggregate", {}, advanced, false, {"/items"}, "Aggregate", "data",
           "Counts, sums, averages, finds min/max or groups an array.", "CalculatorIcon"),
      of_kind(make("subworkflow", {}, advanced, false, {"/input"}, "Sub-workflow", "flow",
           "Runs another workflow and waits for its result.", "RectangleGroupIcon"), core::step_kind::child_runs),
      of_kind(make("wait_for_signal", {}, advanced, false, {"/timeout_ms"}, "Wait for Signal", "flow",
           "Waits for a signal such as a human approval.", "HandRaisedIcon"), core::step_kind::signal),
      of_kind(make("llm", {}, advanced, false, {}, "LLM", "ai", "Calls an OpenAI-compatible chat completion API.", "SparklesIcon"), core::step_kind::outside),
      make("csvInput", {"excelInput"}, advanced, false, {}, "CSV Input", "data", "Parses CSV text into records.", "TableCellsIcon"),
      make("splitColumns", {}, advanced, false, {"/items"}, "Split Columns", "data",
           "Splits one column into several.", "ViewColumnsIcon"),
      of_kind(make("saveRecords", {}, advanced, false, {"/records"}, "Save Records", "data",
           "Upserts records into a tenant collection.", "CircleStackIcon"), core::step_kind::outside),
      of_kind(make("fetchData", {}, advanced, false, {}, "Fetch Data", "data", "Reads records from a tenant collection.", "MagnifyingGlassIcon"), core::step_kind::outside),
      of_kind(make("sendEmail", {}, advanced, false, {}, "Send Email", "integrations", "Sends an email over SMTP.", "EnvelopeIcon"), core::step_kind::outside),
      make("webhook", {}, advanced, true, {}, "Webhook", "triggers", "Starts the workflow on an incoming HTTP request.", "BoltIcon"),
      checked_by(make("schedule", {}, advanced, true, {}, "Schedule", "triggers", "Starts the workflow on a cron schedule.", "CalendarIcon"),
                 check_schedule_config),
  };
}

}  // namespace weft::nodes
