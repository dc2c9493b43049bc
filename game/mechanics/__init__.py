"""Mechanisms that agents and the model share and that know no agent: markets that ration by
tier, fab projects that build and slip, tool queues."""
