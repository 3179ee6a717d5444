"""Research views: relations between countries, concordance, trends and near-identical statements."""
