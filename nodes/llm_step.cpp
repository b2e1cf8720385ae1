#include "nodes/llm_step.hpp"

#include "core/json_input.hpp"
#include "nodes/http_client.hpp"

namespace weft::nodes {
namespace {

using json = nlohmann::json;

constexpr std::int64_t default_timeout_ms = 60'000;

// The API failed us: one code, with what happened underneath in the details.
step_result external_failure(const std::string& message, const json& cause) {
  return step_failure("external_service_error", message, {{"cause", cause}});
}

// What the API's answer makes of the attempt.
step_result completion_result(step_result sent, const json& model, bool json_mode) {
  if (!sent.ok) {
    json cause = sent.error;  // never the request: it carries the key
    return external_failure("the chat completion API failed: " + sent.error.value("message", ""), cause);
  }
  const json& body = sent.output["body"];
  const json* choice = body.is_object() && body.contains("choices") && body["choices"].is_array() && !body["choices"].empty()
                           ? &body["choices"][0]
                           : nullptr;
  if (!choice || !choice->contains("message") || !(*choice)["message"].is_object() ||
      !(*choice)["message"].value("content", json()).is_string()) {
    return external_failure("the API's answer is not a chat completion", {{"body", body}});
  }
  step_result r;
  const std::string content = (*choice)["message"]["content"];
  const json& usage = body.contains("usage") ? body["usage"] : json::object();
  // Token counts as the API gives them; anything but a count is 0.
  auto tokens = [&usage](const char* name) {
    return usage.is_object() && usage.contains(name) && usage[name].is_number_unsigned() ? usage[name].get<std::uint64_t>() : 0;
  };
  r.output = {{"content", content},
              {"model", body.value("model", model)},
              {"finish_reason", choice->contains("finish_reason") ? (*choice)["finish_reason"] : json()},
              {"usage",
               {{"prompt_tokens", tokens("prompt_tokens")},
                {"completion_tokens", tokens("completion_tokens")},
                {"total_tokens", tokens("total_tokens")}}}};
  if (json_mode) {
    auto parsed = core::parse_json_input(content);  // bounded, as all JSON from outside
    if (!parsed.value) {
      return step_failure("invalid_output", "json_mode: the model's answer is not JSON: " + parsed.error.message,
                          {{"content", content.substr(0, 500)}});
    }
    r.output["json"] = std::move(*parsed.value);
  }
  return r;
}

}  // namespace

step_start start_llm_step(const step_context& ctx, const std::string& idempotency_key) {
  const json& config = ctx.step->config;
  step_result err;
  json messages = json::array();
  if (config.contains("messages")) {
    if (!render_field(config["messages"], ctx, "messages", messages, err)) return err;
  } else {
    json prompt;
    if (!render_field(config.value("prompt", json("")), ctx, "prompt", prompt, err)) return err;
    messages.push_back({{"role", "user"}, {"content", prompt}});
  }

  http_call call;
  call.cancel = ctx.cancel;
  call.method = "POST";
  json base_value, model;
  if (!render_field(config.value("base_url", json("https://api.openai.com/v1")), ctx, "base_url", base_value, err)) return err;
  if (!render_field(config.value("model", json("")), ctx, "model", model, err)) return err;
  std::string base = base_value.is_string() ? base_value.get<std::string>() : "";
  while (!base.empty() && base.back() == '/') base.pop_back();
  call.url = base + "/chat/completions";
  call.response_type = "json";
  call.fail_on_status = true;
  call.timeout_ms = config.value("timeout_ms", default_timeout_ms);
  if (const std::string secret = config.value("api_key_secret", ""); !secret.empty()) {
    std::string key;
    if (!tenant_secret(ctx, secret, key, err)) return err;
    call.headers["Authorization"] = "Bearer " + key;
  }
  json request = {{"model", model}, {"messages", messages}};
  if (config.contains("temperature")) request["temperature"] = config["temperature"];
  if (config.contains("max_tokens")) request["max_tokens"] = config["max_tokens"];
  const bool json_mode = config.value("json_mode", false);
  if (json_mode) request["response_format"] = {{"type", "json_object"}};
  call.body = std::move(request);

  call.idempotency_key = idempotency_key;
  return pending_call{std::move(call), [json_mode, model = std::move(model)](step_result sent) {
                        return completion_result(std::move(sent), model, json_mode);
                      }};
}


}  // namespace weft::nodes
