shapes tests/golden/keras3_masking_lstm.keras
