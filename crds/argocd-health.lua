-- Argo CD custom health check for neo4j.neo4j.com/Neo4jRestore.
-- Install under argocd-cm: resource.customizations.health.neo4j.neo4j.com_Neo4jRestore (docs/gitops.md).
-- Pending/Running -> Progressing, Completed (for the current generation) -> Healthy,
-- Failed -> Degraded, anything not yet observed -> Progressing.
local hs = {}
hs.status = "Progressing"
hs.message = "waiting for the restore to be picked up"
if obj.status == nil then
  return hs
end
local generation = obj.metadata.generation
if obj.status.observedGeneration ~= nil and generation ~= nil and obj.status.observedGeneration < generation then
  hs.message = "the spec changed; a new attempt starts after the current one"
  return hs
end
local phase = obj.status.phase
local message = obj.status.message or ""
if phase == "Completed" then
  hs.status = "Healthy"
  hs.message = message
elseif phase == "Failed" then
  hs.status = "Degraded"
  hs.message = message
elseif phase == "Running" then
  hs.status = "Progressing"
  hs.message = message
elseif phase == "Pending" then
  hs.status = "Progressing"
  if message ~= "" then
    hs.message = message
  end
end
return hs
